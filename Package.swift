// swift-tools-version:6.0
// jukeboxd: a Swift port of OpenAI Jukebox served by a daemon over a Unix socket.
//
// Dependencies point one way (see README.md, "Layout"):
//   C modules -> JukeboxJSON / JukeboxAudio / JukeboxTensor -> JukeboxWeights -> ...
//   JukeboxTerms (modes, formats, defaults, limits) depends on nothing; JukeboxProtocol sits on
//   JukeboxJSON and JukeboxTerms; the thin client links JukeboxProtocol and JukeboxJSON only.
// Each target declares exactly the first-party modules it imports (.ci/check-imports checks).
import Foundation
import PackageDescription

// Vector code generation. Swift compiles for baseline x86-64 (SSE2, no FMA) unless told
// otherwise, which leaves the hand-written SIMD kernels at a quarter of what the cores can do.
// As whisper.cpp and llama.cpp do, the build targets the machine it runs on: when the build
// host has AVX2, FMA and F16C (x86-64-v3), the compute modules are compiled for it
// (`-target-cpu haswell`) and `JUKEBOX_FMA` turns `VectorMath.multiplyAdd` into fused
// multiply-adds. `JUKEBOXD_VECTOR=portable swift build ...` builds for any x86-64 instead;
// `JUKEBOXD_VECTOR=avx2` forces the AVX2 build (for another machine that has it).
func vectorSettings() -> [SwiftSetting] {
    let avx2: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"]), .define("JUKEBOX_FMA")]
    switch ProcessInfo.processInfo.environment["JUKEBOXD_VECTOR"] ?? "auto" {
    case "portable": return []
    case "avx2": return avx2
    default:
        #if arch(x86_64) && os(Linux)
            guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
                let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
            else { return [] }
            let flags = Set(flagsLine.split(separator: " ").map(String.init))
            return ["avx2", "fma", "f16c"].allSatisfy(flags.contains) ? avx2 : []
        #else
            return []
        #endif
    }
}
let vector = vectorSettings()

let package = Package(
    name: "jukeboxd",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "jukeboxd", targets: ["jukeboxd"]),
        .executable(name: "jukebox", targets: ["jukebox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C libraries from Debian's -dev packages, found through pkg-config.
        // Each one is imported by exactly one Swift module.
        .systemLibrary(
            name: "CSndFile", pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(
            name: "CSampleRate", pkgConfig: "samplerate",
            providers: [.apt(["libsamplerate0-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CJSONC", pkgConfig: "json-c",
            providers: [.apt(["libjson-c-dev"])]),

        // The words every layer shares: modes, audio formats, defaults and limits of a request.
        .target(name: "JukeboxTerms"),

        // Bottom layer: one C area each.
        .target(name: "JukeboxJSON", dependencies: ["CJSONC"]),
        .target(name: "JukeboxAudio", dependencies: ["CSndFile", "CSampleRate"]),
        // AVX-512 BF16 dot-product kernels in C (Swift cannot emit them), each function compiled
        // for the instructions it uses and called only after a run-time CPU check.
        .target(name: "CJukeboxKernels"),
        .target(name: "JukeboxTensor", dependencies: ["COpenBLAS", "CJukeboxKernels"], swiftSettings: vector),

        // Model files: safetensors, torch checkpoints, bundles.
        .target(name: "JukeboxWeights", dependencies: ["JukeboxTensor"], swiftSettings: vector),

        // The models: VQ-VAE, priors, conditioners (weights are views of a bundle's files).
        .target(
            name: "JukeboxModel", dependencies: ["JukeboxTensor", "JukeboxWeights"], swiftSettings: vector),

        // Lyrics, artist/genre ids and label vectors.
        .target(name: "JukeboxText", dependencies: ["JukeboxWeights"]),

        // The generation pipeline: windows and levels, every sampling mode.
        .target(
            name: "JukeboxEngine",
            dependencies: [
                "JukeboxModel", "JukeboxText", "JukeboxWeights", "JukeboxTensor", "JukeboxAudio", "JukeboxTerms",
            ],
            swiftSettings: vector),

        // `jukeboxd verify`: runs the reference's golden cases against this port.
        .target(
            name: "JukeboxVerify",
            dependencies: [
                "JukeboxEngine", "JukeboxModel", "JukeboxText", "JukeboxWeights", "JukeboxTensor", "JukeboxTerms",
            ],
            swiftSettings: vector),

        // Wire format shared by the daemon and every client; no I/O policy, no model code.
        .target(name: "JukeboxProtocol", dependencies: ["JukeboxJSON", "JukeboxTerms"]),

        // The daemon's non-engine parts: configuration, systemd glue, sockets.
        .target(
            name: "JukeboxDaemon",
            dependencies: [
                "JukeboxProtocol", "JukeboxJSON", "JukeboxEngine", "JukeboxModel", "JukeboxText", "JukeboxWeights",
                "JukeboxAudio", "JukeboxTensor", .product(name: "Logging", package: "swift-log"),
            ]),

        // The daemon and its admin subcommands.
        .executableTarget(
            name: "jukeboxd",
            dependencies: [
                "JukeboxAudio", "JukeboxTensor", "JukeboxWeights", "JukeboxModel", "JukeboxEngine", "JukeboxText",
                "JukeboxVerify", "JukeboxProtocol", "JukeboxDaemon", "JukeboxTerms",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: vector),

        // The thin client: protocol and JSON only, never model code or OpenBLAS.
        .target(
            name: "JukeboxClient", dependencies: ["JukeboxProtocol", "JukeboxJSON"], path: "Clients/JukeboxClient"),
        .executableTarget(
            name: "jukebox",
            dependencies: [
                "JukeboxClient", "JukeboxProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Clients/jukebox"),

        // Tests mirror targets; JukeboxTestSupport holds what several of them share (the golden
        // folder, temporary folders).
        .target(name: "JukeboxTestSupport", path: "Tests/JukeboxTestSupport"),
        .testTarget(name: "JukeboxJSONTests", dependencies: ["JukeboxJSON"]),
        .testTarget(name: "JukeboxAudioTests", dependencies: ["JukeboxAudio"]),
        .testTarget(name: "JukeboxTensorTests", dependencies: ["JukeboxTensor"], swiftSettings: vector),
        .testTarget(
            name: "JukeboxWeightsTests", dependencies: ["JukeboxTestSupport", "JukeboxWeights", "JukeboxTensor"]),
        .testTarget(
            name: "JukeboxModelTests",
            dependencies: ["JukeboxTestSupport", "JukeboxModel", "JukeboxWeights", "JukeboxTensor"],
            swiftSettings: vector),
        .testTarget(name: "JukeboxTextTests", dependencies: ["JukeboxTestSupport", "JukeboxText", "JukeboxWeights"]),
        .testTarget(
            name: "JukeboxEngineTests",
            dependencies: [
                "JukeboxTestSupport", "JukeboxEngine", "JukeboxModel", "JukeboxText", "JukeboxWeights", "JukeboxTensor",
                "JukeboxAudio", "JukeboxTerms",
            ]),
        .testTarget(name: "JukeboxVerifyTests", dependencies: ["JukeboxVerify", "JukeboxWeights"]),
        .testTarget(name: "JukeboxProtocolTests", dependencies: ["JukeboxProtocol", "JukeboxJSON"]),
        .testTarget(
            name: "JukeboxDaemonTests",
            dependencies: [
                "JukeboxTestSupport", "JukeboxDaemon", "JukeboxProtocol", "JukeboxJSON", "JukeboxEngine",
                "JukeboxWeights", "JukeboxAudio",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "JukeboxClientTests", dependencies: ["JukeboxClient", "JukeboxProtocol", "JukeboxJSON"],
            path: "Tests/JukeboxClientTests"),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["JukeboxTestSupport", "JukeboxAudio", "JukeboxWeights", "JukeboxJSON"]),
    ],
    swiftLanguageModes: [.v6]
)

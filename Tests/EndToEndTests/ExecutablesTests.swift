import Foundation
import JukeboxAudio
import Testing

/// The two executables as a shell user meets them.
struct ExecutablesTests {
    @Test func bothAnswerVersionAndHelp() throws {
        for binary in [Binaries.jukeboxd, Binaries.jukebox] {
            let version = try run(binary, ["--version"])
            #expect(version.status == 0)
            #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
            let help = try run(binary, ["--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("USAGE:"))
        }
    }

    @Test func clientLinksNoModelCodeAndNoOpenBLAS() throws {
        let ldd = try run("/usr/bin/ldd", [Binaries.jukebox])
        #expect(ldd.status == 0)
        #expect(ldd.stdout.contains("libc.so"))  // the listing is real
        for library in ["openblas", "blas", "sndfile", "samplerate"] {
            #expect(!ldd.stdout.contains(library), "jukebox links \(library)")
        }
        let daemon = try run("/usr/bin/ldd", [Binaries.jukeboxd])
        #expect(daemon.stdout.contains("libsndfile"))
    }

    @Test func clientResolvesTheSocketFromFlagThenEnvironment() throws {
        let fromDefault = try run(Binaries.jukebox, ["socket"], environment: ["JUKEBOX_SOCKET": ""])
        #expect(fromDefault.stdout == "/run/jukeboxd/jukeboxd.sock\n")
        let fromEnvironment = try run(Binaries.jukebox, ["socket"], environment: ["JUKEBOX_SOCKET": "/tmp/a.sock"])
        #expect(fromEnvironment.stdout == "/tmp/a.sock\n")
        let fromFlag = try run(
            Binaries.jukebox, ["socket", "--socket", "/tmp/b.sock"], environment: ["JUKEBOX_SOCKET": "/tmp/a.sock"])
        #expect(fromFlag.stdout == "/tmp/b.sock\n")
    }
}

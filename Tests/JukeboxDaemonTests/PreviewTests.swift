import Foundation
import Glibc
import JukeboxAudio
import JukeboxProtocol
import JukeboxTestSupport
import Testing

extension DaemonServerTests {
    /// A real `jukeboxd serve` writes every take's preview after each top-level window: the
    /// file exists after the first window, grows with each, and `fetch` with `"preview":true`
    /// serves it.
    @Test(.enabled(if: jukeboxdExecutable() != nil))
    func previewsGrowWithEveryTopLevelWindow() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let daemon = try ServeProcess(folders, executable: jukeboxdExecutable()!)
            defer { daemon.stop() }
            let client = try TestClient(folders.socket)
            _ = client.hello()
            client.send(
                submitLine(id: 1, seconds: 0.5, takes: 2, extra: ",\"hop_fractions\":[0.5,0.5,0.5],\"watch\":true"))
            let events = client.stream(.integer(1), timeout: 300)
            let job = try #require(acceptedJob(events.first))
            guard case .done? = events.last else {
                Issue.record("the job did not finish: \(String(describing: events.last))")
                return
            }
            let previews = events.compactMap { body -> PreviewEvent? in
                if case .preview(let event) = body { event } else { nil }
            }
            // 0.5 s at the top hop (128 samples at 44.1 kHz) is 173 tokens: a 64-token window,
            // then 32 new tokens a window at a hop fraction of 0.5 (96, 128, 160, 173).
            for take in 0..<2 {
                let seconds = previews.filter { $0.take == take }.map(\.durationS)
                #expect(seconds.count == 5, "take \(take): \(seconds)")
                #expect(zip(seconds, seconds.dropFirst()).allSatisfy { $0.0 < $0.1 }, "take \(take): \(seconds)")
                #expect(abs((seconds.first ?? 0) - 64 * 128 / 44_100.0) < 1e-6)
                #expect(abs((seconds.last ?? 0) - 173 * 128 / 44_100.0) < 1e-6)
            }
            #expect(previews.allSatisfy { $0.job == job && $0.level == 2 })
            // The first preview came before the level ended.
            let firstPreview = try #require(events.firstIndex { if case .preview = $0 { true } else { false } })
            let levelDone = try #require(events.firstIndex { if case .levelDone = $0 { true } else { false } })
            #expect(firstPreview < levelDone)

            let file = folders.state + "/jobs/\(job)/preview-take-2.wav"
            let onDisk = try AudioReader.read(path: file)
            #expect(abs(onDisk.durationSeconds - 173 * 128 / 44_100.0) < 1e-3)
            // Built window by window from the end alone, the last preview is the level's whole
            // decode (the level-done audio) up to a 16-bit step.
            let whole = try AudioReader.read(path: folders.state + "/jobs/\(job)/level-2-take-2.wav")
            #expect(whole.samples.count == onDisk.samples.count)
            let largest = zip(whole.samples, onDisk.samples).map { abs($0.0 - $0.1) }.max() ?? 1
            #expect(largest <= 2.0 / 32_768, "largest difference \(largest)")
            guard
                case .audio(let audio)? = client.request(
                    "{\"op\":\"fetch\",\"id\":2,\"job\":\"\(job)\",\"take\":1,\"preview\":true,\"format\":\"flac\"}")
            else {
                Issue.record("no preview audio")
                return
            }
            #expect(audio.format == .flac && audio.take == 1 && audio.level == 2)
            #expect(abs(audio.durationS - onDisk.durationSeconds) < 1e-3)
            #expect(
                errorCode(client.request("{\"op\":\"fetch\",\"id\":3,\"job\":\"\(job)\",\"take\":2,\"preview\":true}"))
                    == .notFound)
            #expect(
                errorCode(
                    client.request("{\"op\":\"fetch\",\"id\":4,\"job\":\"\(job)\",\"preview\":true,\"tokens\":true}"))
                    == .invalidField)
        }
    }

    /// While the job runs, the preview file is replaced whole after every window (never
    /// half-written) and grows.
    @Test(.enabled(if: jukeboxdExecutable() != nil))
    func aPreviewCanBeFetchedWhileTheJobRuns() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let daemon = try ServeProcess(folders, executable: jukeboxdExecutable()!)
            defer { daemon.stop() }
            let client = try TestClient(folders.socket)
            _ = client.hello()
            client.send(submitLine(id: 1, seconds: 30, takes: 1, extra: ",\"watch\":true"))
            let job = try #require(acceptedJob(client.reply()?.body))
            var seen: [Double] = []
            var id = 10
            while seen.count < 3 {
                guard let reply = client.reply(timeout: 120) else { break }
                guard case .preview = reply.body else { continue }
                id += 1
                guard
                    case .audio(let audio)? = client.request(
                        "{\"op\":\"fetch\",\"id\":\(id),\"job\":\"\(job)\",\"preview\":true}")
                else { break }
                if seen.last != audio.durationS { seen.append(audio.durationS) }
            }
            #expect(seen.count == 3 && zip(seen, seen.dropFirst()).allSatisfy { $0.0 < $0.1 }, "\(seen)")
            #expect(client.request("{\"op\":\"cancel\",\"id\":2,\"job\":\"\(job)\"}") == .cancelled(job: job))
        }
    }
}

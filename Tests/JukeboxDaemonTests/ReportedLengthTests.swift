import Foundation
import JukeboxAudio
import JukeboxProtocol
import Testing

/// Lengths as asked through the daemon: a primed job whose primer and new seconds fit in one
/// top-level window samples exactly the new seconds, and every duration the daemon reports
/// (`level_done`, `done`, `fetch`) equals the audio it wrote.
extension DaemonServerTests {
    @Test func everyReportedDurationEqualsTheAudioWritten() throws {
        try withServedDaemon { folders, daemon, client in
            // 0.05 s at 22.05 kHz: 2,176 samples at 44.1 kHz once cut to top tokens (17 of 128);
            // 0.05 s more makes 4,480 samples (35 top tokens, inside the tiny model's 64-token
            // window). The reference's partial-window rule would return 6,656.
            let submit =
                "{\"op\":\"submit\",\"id\":1,\"model\":\"tiny\",\"mode\":\"primed\",\"seconds\":0.05,\"takes\":1,"
                + "\"seed\":4,\"watch\":true,\"primer_base64\":\"\(try toneWAVBase64(frames: 1_102))\"}"
            client.send(submit)
            let events = client.stream(.integer(1), timeout: 300)
            guard case .done(let done)? = events.last else {
                Issue.record("the job did not finish: \(events.map(\.type)) \(daemon.logLines.all)")
                return
            }
            let expected = 4480.0 / 44_100
            #expect(abs(done.durationS - expected) < 1e-9, "done says \(done.durationS) s")
            let levels = events.compactMap { if case .levelDone(let event) = $0 { event.durationS } else { nil } }
            #expect(levels.count == 3)
            #expect(levels.allSatisfy { abs($0 - expected) < 1e-9 }, "level_done says \(levels)")
            for level in [2, 1, 0] {
                let fetch = "{\"op\":\"fetch\",\"id\":\(2 + level),\"job\":\"\(done.job)\",\"level\":\(level)}"
                guard case .audio(let audio)? = client.request(fetch) else {
                    Issue.record("fetch of level \(level) failed")
                    continue
                }
                let info = try AudioReader.info(bytes: audio.audio)
                #expect(info.frames == 4480, "level \(level) holds \(info.frames) samples")
                #expect(abs(audio.durationS - expected) < 1e-9)
            }
        }
    }
}

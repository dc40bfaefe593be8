import Foundation
import JukeboxAudio
import Testing

/// `jukebox listen` and `jukebox drop` against the real daemon, as a user runs them.
struct ListenAndDropTests {
    @Test func aUserHearsATakeDropsAnotherAndGetsTheRest() throws {
        let daemon = try DaemonUnderTest()
        let submitted = try daemon.client([
            "generate", "--model", "tiny", "--seconds", "2", "--takes", "3", "--levels", "2", "--hop-fractions",
            "0.5,0.5,0.5", "--seed", "3", "--detach",
        ])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let job = submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let heard = daemon.folder + "/heard.wav"
        var listened = try daemon.client(["listen", job, "--take", "3", "-o", heard])
        for _ in 0..<600 where listened.status == 75 {  // not_ready until the first window
            usleep(50_000)
            listened = try daemon.client(["listen", job, "--take", "3", "-o", heard])
        }
        #expect(listened.status == 0, "\(listened.stderr)")
        #expect(try AudioReader.info(path: heard).frames >= 64 * 128)

        let dropped = try daemon.client(["drop", job, "--take", "2"])
        #expect(dropped.status == 0, "\(dropped.stderr)")
        #expect(dropped.stdout == "dropped take 2 of \(job); 2 takes go on\n")
        #expect(try daemon.client(["drop", job, "--take", "2"]).status == 66)  // not_found: dropped already
        let tooFar = try daemon.client(["drop", job, "--take", "4"])
        #expect(tooFar.status == 65 && tooFar.stderr.contains("out_of_range"), "\(tooFar.stderr)")

        let out = daemon.folder + "/song.wav"
        let watched = try daemon.client(["watch", job, "-o", out])
        #expect(watched.status == 0, "\(watched.stderr)\n\(daemon.log)")
        #expect(watched.stdout == "\(daemon.folder)/song-1.wav\n\(daemon.folder)/song-3.wav\n")
        #expect(!FileManager.default.fileExists(atPath: daemon.folder + "/song-2.wav"))
        let ended = try daemon.client(["drop", job, "--take", "1"])
        #expect(ended.status == 65 && ended.stderr.contains("job_ended"), "\(ended.stderr)")
        let preview = try daemon.client(["fetch", job, "--take", "2", "--preview", "-o", daemon.folder + "/p.flac"])
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(try AudioReader.info(path: daemon.folder + "/p.flac").frames < 690 * 128)
    }
}

import Foundation
import JukeboxProtocol
import JukeboxTestSupport
import Testing

@testable import JukeboxDaemon

/// `keep_alive`: a model idle that long after its last job is unloaded; one a job uses is not.
struct KeepAliveTests {
    @Test func anIdleModelIsUnloadedAfterKeepAliveAndLoadsAgainForTheNextJob() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            var configuration = folders.configuration()
            configuration.keepAliveSeconds = 1
            let daemon = try TestDaemon(configuration)
            defer { daemon.stop() }
            let client = try TestClient(folders.socket)
            _ = client.hello()
            for round in 1...2 {
                client.send(submitLine(id: round, seconds: 0.1, extra: ",\"watch\":true"))
                guard case .done? = client.stream(.integer(Int64(round)), timeout: 300).last else {
                    Issue.record("round \(round): the job did not finish")
                    return
                }
                // Loaded right after the job (its last use is now) ...
                let loaded = try #require(ModelUnloadTests.status(client, round * 10))
                #expect(loaded.modelsLoaded == ["tiny"], "round \(round)")
                // ... and unloaded a second or so later.
                #expect(
                    eventually(timeout: 20) {
                        ModelUnloadTests.status(client, round * 10 + 1)?.modelsUnloaded == round
                    }, "round \(round)")
                #expect(ModelUnloadTests.status(client, round * 10 + 2)?.modelsLoaded == [])
            }
            #expect(daemon.logLines.all.filter { $0.contains("unloaded (idle for keep_alive = 1 s)") }.count == 2)
        }
    }

    @Test func keepAliveIsReadAsWholeSeconds() throws {
        var configuration = DaemonConfiguration()
        try ConfigurationKey.keepAlive.apply("600", to: &configuration)
        #expect(configuration.keepAliveSeconds == 600)
        for bad in ["-1", "1.5", "forever", "31536001"] {
            #expect(throws: ValueError.self) { try ConfigurationKey.keepAlive.apply(bad, to: &configuration) }
        }
        #expect(configuration.keepAliveSeconds == 600)
        #expect(DaemonConfiguration().keepAliveSeconds == 0)
    }
}

import JukeboxClient
import JukeboxProtocol
import Testing

private let sampling = ProgressEvent(
    job: JobID("j1")!, stage: .sample, level: 2, window: 1, windows: 4, completed: 2048, total: 8192,
    tokensPerS: 41.47, etaS: 148)

@Test func aSamplingLineHasLevelWindowBarCountsRateAndETA() {
    #expect(
        ProgressLine.render(sampling)
            == "level 2 sample 1/4 [###-----------]  25% 2048/8192 tokens 41.5 tok/s ETA 2m28s")
}

@Test func aNarrowTerminalLosesTheCountsThenTheRateThenTheEnd() {
    #expect(ProgressLine.render(sampling, width: 68) == "level 2 sample 1/4 [###-----------]  25% 41.5 tok/s ETA 2m28s")
    #expect(ProgressLine.render(sampling, width: 53) == "level 2 sample 1/4 [###-----------]  25% ETA 2m28s")
    #expect(ProgressLine.render(sampling, width: 30) == "level 2 sample 1/4 [###-------")
}

@Test func loadingCountsBytesAndHasNoLevel() {
    let load = ProgressEvent(job: JobID("j1")!, stage: .load, completed: 3 << 29, total: 4 << 30)
    #expect(ProgressLine.render(load) == "load [#####---------]  37% 1.5 GiB/4.0 GiB")
}

@Test func aFinishedStageIsAFullBarAndAnEmptyTotalIsNoProgress() {
    var event = sampling
    event.completed = 8192
    #expect(ProgressLine.render(event).contains("[##############] 100%"))
    event.completed = 0
    event.total = 0
    #expect(ProgressLine.render(event).contains("[--------------]   0%"))
}

@Test func thePlainLineNamesTheJob() {
    #expect(
        ProgressLine.plain(sampling)
            == "job j1: level 2 sample 1/4: 25%, 2048/8192 tokens, 41.5 tokens/s, ETA 2m28s")
}

@Test func progressOnATerminalIsRedrawnAndInALogThrottled() {
    let terminal = RecordingConsole(isTerminal: true)
    let onTerminal = ProgressDisplay(console: terminal)
    let log = RecordingConsole(isTerminal: false)
    let inLog = ProgressDisplay(console: log)
    for completed in stride(from: 0, through: 8192, by: 256) {
        var event = sampling
        event.completed = completed
        onTerminal.show(.progress(event))
        inLog.show(.progress(event))
    }
    #expect(terminal.progressLines.count == 33)
    #expect(terminal.stderr.isEmpty)
    #expect(log.progressLines.isEmpty)
    #expect(log.stderr.count == 11)  // 0%, 10%, ..., 100%
    var next = sampling
    next.window = 2
    next.completed = 8192
    inLog.show(.progress(next))
    #expect(log.stderr.count == 11)  // a new window alone says nothing new in a log
    next.level = 1
    next.completed = 0
    inLog.show(.progress(next))
    #expect(log.stderr.count == 12)  // a new level is always shown
}

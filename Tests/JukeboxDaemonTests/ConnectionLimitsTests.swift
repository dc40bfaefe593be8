import Testing

@testable import JukeboxDaemon

struct ConnectionLimitsTests {
    @Test func eachUserIsCappedAndRootKeepsItsReserve() {
        let limits = ConnectionLimits(perUser: 3, maxBufferedBytes: 100)
        for _ in 0..<3 { #expect(limits.admit(uid: 1000) == nil) }
        #expect(limits.admit(uid: 1000) != nil)
        #expect(limits.admit(uid: 1001) == nil)
        limits.release(uid: 1000)
        #expect(limits.admit(uid: 1000) == nil)
        #expect(limits.openConnections == 4)

        // Many users fill the daemon up to the root reserve; root still gets in.
        let crowded = ConnectionLimits(perUser: 1, maxBufferedBytes: 100)
        let open = ConnectionLimits.maxConnections - ConnectionLimits.rootReserve
        for uid in 0..<open { #expect(crowded.admit(uid: UInt32(5000 + uid)) == nil) }
        #expect(crowded.admit(uid: 9999) != nil)
        for _ in 0..<ConnectionLimits.rootReserve { #expect(crowded.admit(uid: 0) == nil) }
        #expect(crowded.admit(uid: 0) != nil)
    }

    @Test func unfinishedLinesShareOneBudget() {
        let limits = ConnectionLimits(perUser: 8, maxBufferedBytes: 100)
        #expect(limits.rebuffer(from: 0, to: 60))
        #expect(!limits.rebuffer(from: 0, to: 50))  // another connection's line would pass it
        #expect(limits.rebuffer(from: 0, to: 40))
        #expect(limits.rebuffer(from: 60, to: 0))  // a finished line gives its bytes back
        #expect(limits.rebuffer(from: 0, to: 50))
        #expect(limits.bufferedBytes == 90)
    }
}

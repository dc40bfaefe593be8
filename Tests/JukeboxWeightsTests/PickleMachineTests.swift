import Testing

@testable import JukeboxWeights

/// The restricted pickle interpreter builds plain data and refuses everything else.
@Suite struct PickleMachineTests {
    @Test func plainValuesDecode() throws {
        var good = PickleBuilder()
        good.emptyDict()
        good.mark()
        good.string("int")
        good.int(-5)
        good.string("big")
        good.int(70_000)
        good.string("float")
        good.float(0.25)
        good.string("none")
        good.none()
        good.string("flags")
        good.mark()
        good.bool(true)
        good.bool(false)
        good.tuple()
        good.string("list")
        good.emptyList()
        good.binPut(1)
        good.mark()
        good.string("a")
        good.appends()
        good.string("same list")
        good.binGet(1)
        good.setItems()
        good.stop()
        let value = try PickleMachine.evaluate(good.bytes)
        #expect(value["int"] == .int(-5))
        #expect(value["big"] == .int(70_000))
        #expect(value["float"] == .float(0.25))
        #expect(value["none"] == PickleValue.none)
        #expect(value["flags"] == .tuple([.bool(true), .bool(false)]))
        // The list was memoized before APPENDS filled it; the memo reference sees the filled list.
        #expect(value["list"] == .list([.string("a")]))
        #expect(value["same list"] == .list([.string("a")]))
        #expect(value.stringKeyedEntries?.map(\.key) == ["int", "big", "float", "none", "flags", "list", "same list"])

    }

    @Test func undefinedMemoSlotsAreErrors() throws {
        var builder = PickleBuilder()
        builder.emptyList()
        builder.binPut(0)
        builder.binGet(5)
        builder.stop()
        guard case .malformedPickle(_, 5, let reason)? = weightsError({ try PickleMachine.evaluate(builder.bytes) })
        else {
            Issue.record("expected malformedPickle for an undefined memo slot")
            return
        }
        #expect(reason.contains("memo"))
    }

    @Test func longIntegersDecode() throws {
        // LONG1 with 2 bytes 0xFF 0x7F = 32767; with 1 byte 0xFF = -1; the legacy magic number is 10 bytes.
        #expect(try PickleMachine.evaluate([0x80, 0x02, 0x8A, 0x02, 0xFF, 0x7F, 0x2E]) == .int(32767))
        #expect(try PickleMachine.evaluate([0x80, 0x02, 0x8A, 0x01, 0xFF, 0x2E]) == .int(-1))
        #expect(try PickleMachine.evaluate([0x80, 0x02, 0x8A, 0x00, 0x2E]) == .int(0))
        let magic = try PickleMachine.evaluate(Array(PickleBuilder.legacyPreamble().prefix(15)))
        #expect(magic == .bigInt(TorchLegacyFormat.magicNumber))
    }

    @Test(arguments: [
        ("os", "system"), ("builtins", "eval"), ("posix", "system"), ("subprocess", "Popen"),
        ("torch", "load"), ("torch._utils", "_rebuild_device_tensor_from_numpy"), ("collections", "defaultdict"),
    ])
    func forbiddenGlobalsAreRefusedBeforeAnythingRuns(module: String, name: String) throws {
        var builder = PickleBuilder()
        builder.global(module, name)
        builder.mark()
        builder.string("touch /tmp/pwned")
        builder.tuple()
        builder.reduce()
        builder.stop()
        let error = weightsError { try PickleMachine.evaluate(builder.bytes, source: "evil.pth") }
        guard case .forbiddenGlobal("evil.pth", let foundModule, let foundName, 2)? = error else {
            Issue.record("expected forbiddenGlobal, got \(String(describing: error))")
            return
        }
        #expect(foundModule == module && foundName == name)
    }

    @Test func stackGlobalIsCheckedToo() throws {
        var builder = PickleBuilder(protocol: 4)
        builder.string("builtins")
        builder.string("exec")
        builder.raw([0x93])  // STACK_GLOBAL
        builder.stop()
        guard
            case .forbiddenGlobal(_, "builtins", "exec", _)? = weightsError({
                try PickleMachine.evaluate(builder.bytes)
            })
        else {
            Issue.record("expected forbiddenGlobal for STACK_GLOBAL")
            return
        }
    }

    @Test func numpyMetadataBecomesOpaque() throws {
        var builder = PickleBuilder()
        builder.global("numpy.core.multiarray", "scalar")
        builder.global("numpy", "dtype")
        builder.mark()
        builder.string("i8")
        builder.bool(false)
        builder.bool(true)
        builder.tuple()
        builder.reduce()
        builder.mark()
        builder.int(3)
        builder.tuple()
        builder.build()
        builder.global("_codecs", "encode")
        builder.mark()
        builder.string("\u{05}\u{00}")
        builder.string("latin1")
        builder.tuple()
        builder.reduce()
        builder.raw([0x86])  // TUPLE2: (dtype, bytes)
        builder.reduce()
        builder.stop()
        // scalar(dtype, b'\x05\x00') is an opaque placeholder.
        #expect(try PickleMachine.evaluate(builder.bytes) == .opaque("numpy.core.multiarray.scalar"))
    }

    @Test func unknownOpcodesAndTruncationAreErrors() throws {
        guard case .unknownOpcode(_, 2, 0xFF)? = weightsError({ try PickleMachine.evaluate([0x80, 0x02, 0xFF, 0x2E]) })
        else {
            Issue.record("expected unknownOpcode")
            return
        }
        // Protocol-0 text opcodes torch never writes are unknown too (INT 'I').
        guard case .unknownOpcode(_, 0, 0x49)? = weightsError({ try PickleMachine.evaluate(Array("I1\n.".utf8)) })
        else {
            Issue.record("expected unknownOpcode for INT")
            return
        }
        var builder = PickleBuilder()
        builder.string("truncated")
        for cut in 0..<builder.bytes.count {
            guard
                case .malformedPickle? = weightsError({ try PickleMachine.evaluate(Array(builder.bytes.prefix(cut))) })
            else {
                Issue.record("cut at \(cut) should be malformed")
                continue
            }
        }
    }

    @Test func structuralErrorsAreMalformedPickles() throws {
        let cases: [(String, [UInt8])] = [
            ("pop from an empty stack", [0x80, 0x02, 0x30, 0x2E]),
            ("tuple without a mark", [0x80, 0x02, 0x74, 0x2E]),
            ("append to a non-list", [0x80, 0x02, 0x4E, 0x4E, 0x61, 0x2E]),
            ("setitem on a non-dict", [0x80, 0x02, 0x4E, 0x4E, 0x4E, 0x73, 0x2E]),
            ("stop with two objects", [0x80, 0x02, 0x4E, 0x4E, 0x2E]),
            ("stop on an empty stack", [0x80, 0x02, 0x2E]),
            ("calling None", [0x80, 0x02, 0x4E, 0x29, 0x52, 0x2E]),
            ("unhashable key", [0x80, 0x02, 0x7D, 0x5D, 0x4E, 0x73, 0x2E]),
            ("bad protocol", [0x80, 0x09, 0x4E, 0x2E]),
            ("invalid UTF-8", [0x80, 0x02, 0x58, 0x01, 0x00, 0x00, 0x00, 0xFF, 0x2E]),
            ("list containing itself", [0x80, 0x02, 0x5D, 0x71, 0x00, 0x68, 0x00, 0x61, 0x2E]),
            ("text persistent id", [0x80, 0x02, 0x50, 0x31, 0x0A, 0x2E]),
        ]
        for (label, bytes) in cases {
            guard case .malformedPickle? = weightsError({ try PickleMachine.evaluate(bytes) }) else {
                Issue.record("\(label): expected malformedPickle")
                continue
            }
        }
    }

    @Test func exponentialSharingIsBounded() throws {
        // x = [None]; then 40 times x = (x, x): 2^40 leaves if expanded naively.
        var bytes: [UInt8] = [0x80, 0x02, 0x4E, 0x85]
        for _ in 0..<40 { bytes += [0x71, 0x00, 0x68, 0x00, 0x86] }
        bytes.append(0x2E)
        guard case .malformedPickle(_, _, let reason)? = weightsError({ try PickleMachine.evaluate(bytes) }) else {
            Issue.record("expected malformedPickle")
            return
        }
        #expect(reason.contains("expands"))
    }

    @Test func persistentIdsMustBeTorchStorages() throws {
        var builder = PickleBuilder()
        builder.mark()
        builder.string("module")
        builder.string("x")
        builder.tuple()
        builder.binPersID()
        builder.stop()
        guard case .malformedPickle? = weightsError({ try PickleMachine.evaluate(builder.bytes) }) else {
            Issue.record("expected malformedPickle for a foreign persistent id")
            return
        }
        var tensorBuilder = PickleBuilder()
        tensorBuilder.tensor(
            storageClass: "FloatStorage", key: "0", numel: 6, offset: 0, shape: [2, 3], stride: [3, 1])
        tensorBuilder.stop()
        guard case .tensor(let reference) = try PickleMachine.evaluate(tensorBuilder.bytes) else {
            Issue.record("expected a tensor")
            return
        }
        #expect(reference.storage == TorchStorageRef(key: "0", dtype: .float32, numel: 6, location: "cpu"))
        #expect(reference.shape == [2, 3] && reference.stride == [3, 1] && reference.isContiguous)
        var badStorage = PickleBuilder()
        badStorage.tensor(storageClass: "ComplexFloatStorage", key: "0", numel: 6, offset: 0, shape: [6], stride: [1])
        badStorage.stop()
        guard
            case .forbiddenGlobal(_, "torch", "ComplexFloatStorage", _)? = weightsError({
                try PickleMachine.evaluate(badStorage.bytes)
            })
        else {
            Issue.record("expected forbiddenGlobal for an unsupported storage class")
            return
        }
    }
}

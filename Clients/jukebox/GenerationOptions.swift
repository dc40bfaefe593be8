import ArgumentParser
import JukeboxClient
import JukeboxProtocol

/// The options every job takes: model, conditioning, sampling, levels and output.
struct GenerationOptions: ParsableArguments {
    @Option(help: "The model (default: $JUKEBOX_MODEL, else the daemon's only model).")
    var model: String?

    @Option(help: "The artist to condition on (default: the model's unknown artist; see 'jukebox labels').")
    var artist: String?

    @Option(help: "A genre to condition on; repeat for several (at most 5).")
    var genre: [String] = []

    @Option(help: "A UTF-8 text file with the lyrics.")
    var lyrics: String?

    @Option(
        help: ArgumentHelp(
            "The whole song's length in seconds, for the timing conditioning (default: prompt plus new music; "
                + "for extend and upsample at least the earlier job's song)."))
    var songSeconds: Double?

    @Option(
        help: "Where in the song the job's audio starts, in seconds (default: 0; for extend and upsample, the take's).")
    var offsetSeconds: Double?

    @Option(help: "How many takes to make side by side, 1 to 16 (default: 3; 1 for upsample).")
    var takes: Int?

    @Option(help: "The sampler's seed (default: drawn by the daemon and shown).")
    var seed: Int64?

    @Option(help: "One sampling temperature for every level.")
    var temperature: Double?

    @Option(help: "Temperatures for levels 2,1,0, top level first (default: \(GenerationDefaults.temperaturesText)).")
    var temperatures: String?

    @Option(help: "Keep only the K most likely tokens at each step (0 keeps all).")
    var topK: Int?

    @Option(help: "Keep the smallest set of tokens whose probability reaches P.")
    var topP: Double?

    @Option(help: "The levels to sample, top first: 2, 2,1 or 2,1,0 (default); 1, 1,0 or 0 for upsample.")
    var levels: String?

    @Option(
        help: ArgumentHelp(
            "The hop between windows as a fraction of the context, for levels 2,1,0, top level first "
                + "(default: \(GenerationDefaults.hopFractionsText))."))
    var hopFractions: String?

    @Option(help: "The audio format of the takes (default: from the -o extension, else wav).")
    var format: AudioFormat?

    @Option(name: .shortAndLong, help: "Write the takes here; several takes get -1, -2, ... before the extension.")
    var output: String?

    @Flag(help: "Print the job id once the job is queued and return; fetch the takes later.")
    var detach = false

    @Option(
        help: ArgumentHelp(
            "Repeat the settings of a take jukeboxd wrote (model, labels, seed, takes, lengths, sampling, levels; "
                + "see 'jukebox info'); options given here override them.",
            valueName: "FILE"))
    var like: String?

    @Flag(
        help: "Print what the job would take on the daemon's machine (time per level, peak memory) and start nothing.")
    var estimate = false

    func validate() throws {
        if temperature != nil, temperatures != nil {
            throw ValidationError("give either --temperature or --temperatures, not both")
        }
        if let temperatures, ListArgument.numbers(temperatures)?.count != 3 {
            throw ValidationError(
                "--temperatures needs 3 numbers for levels 2,1,0, such as \(GenerationDefaults.temperaturesText)")
        }
        if let hopFractions, ListArgument.numbers(hopFractions)?.count != 3 {
            throw ValidationError(
                "--hop-fractions needs 3 numbers for levels 2,1,0, such as \(GenerationDefaults.hopFractionsText)")
        }
        if let levels, ListArgument.integers(levels) == nil {
            throw ValidationError("--levels needs levels top first, such as 2 or 2,1,0")
        }
        if estimate, detach { throw ValidationError("--estimate starts no job; leave out --detach") }
        if detach, output != nil { throw ValidationError("--detach writes no files; leave out -o") }
        if !detach, !estimate, output == nil { throw ValidationError("give -o FILE for the takes, or --detach") }
    }

    /// The request for a job of `mode`, with the model left empty when neither `--model` nor
    /// `$JUKEBOX_MODEL` names one (the client then asks the daemon). With `--like FILE`, what
    /// the command line leaves out comes from the take's provenance (``TakeFileProvenance``):
    /// the same primer or source, seed and takes then give the same take.
    /// - Throws: ``ClientError/cannotRead(path:call:errno:)`` for the lyrics or `--like` file;
    ///   ``ClientError/noProvenance(path:reason:)``; ``ClientError/usage(_:)`` without seconds,
    ///   or when the `--like` take had lyrics and `--lyrics` is not given (the file keeps only their hash).
    func request(
        mode: GenerationMode, primer: PrimerSource? = nil, source: TakeReference? = nil, promptSeconds: Double? = nil,
        seconds: Double?
    ) throws(ClientError) -> SubmitRequest {
        let lyricsText = try lyrics.map { (path) throws(ClientError) in
            String(decoding: try FileIO.read(path), as: UTF8.self)
        }
        let liked = try like.map { (path) throws(ClientError) in try TakeFileProvenance.read(path) }
        if let liked, liked.lyricsSHA256 != nil, lyricsText == nil {
            throw .usage("the --like take had lyrics, and its file keeps only their hash: give them with --lyrics FILE")
        }
        let seconds = mode == .upsample ? nil : seconds ?? liked?.seconds
        if mode != .upsample, seconds == nil { throw .usage("give --seconds (or --like FILE)") }
        let environmentModel = ProcessInfoEnvironment.current["JUKEBOX_MODEL"].flatMap { $0.isEmpty ? nil : $0 }
        let perLevel = temperatures.flatMap(ListArgument.numbers) ?? temperature.map { [$0, $0, $0] }
        let sameMode = liked?.mode == mode
        return SubmitRequest(
            model: model ?? environmentModel ?? liked?.model ?? "", mode: mode, primer: primer, source: source,
            artist: artist ?? liked?.artist, genres: genre.isEmpty ? liked?.genres ?? [] : genre,
            lyrics: lyricsText ?? "", promptSeconds: promptSeconds ?? liked?.promptSeconds, seconds: seconds,
            songSeconds: songSeconds ?? liked?.songSeconds, offsetSeconds: offsetSeconds ?? liked?.offsetSeconds,
            takes: takes ?? liked?.takes ?? (mode == .upsample ? 1 : GenerationDefaults.takes),
            seed: seed ?? liked?.seed, temperatures: perLevel ?? liked?.temperatures ?? GenerationDefaults.temperatures,
            topK: topK ?? liked?.topK ?? 0, topP: topP ?? (topK == nil ? liked?.topP : nil),
            levels: levels.flatMap(ListArgument.integers) ?? (sameMode ? liked?.levels : nil),
            hopFractions: hopFractions.flatMap(ListArgument.numbers) ?? liked?.hopFractions
                ?? GenerationDefaults.hopFractions,
            format: format ?? output.map(TakeFiles.format(for:)) ?? liked?.format ?? .wav)
    }

    /// Builds the request with `build` and submits it on `connection`'s client.
    func submit(_ connection: ConnectionOptions, build: () throws(ClientError) -> SubmitRequest) throws {
        let client = connection.client()
        let request: SubmitRequest
        do {
            request = try build()
        } catch {
            client.report(error)
            throw ExitCode(error.exitStatus)
        }
        if estimate {
            try finish(client.estimate(request))
        } else {
            try finish(client.submit(request, output: output, detach: detach))
        }
    }
}

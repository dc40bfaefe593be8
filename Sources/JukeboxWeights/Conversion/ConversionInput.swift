/// One checkpoint given to `convert`, with the part of the bundle it becomes.
public struct ConversionInput: Sendable, Equatable {
    /// Which model of the bundle a file holds.
    public enum Role: Sendable, Equatable, Hashable, CustomStringConvertible {
        /// The VQ-VAE (`vqvae.pth.tar`).
        case vqvae
        /// The prior of one level (`prior_level_L.pth.tar`).
        case prior(level: Int)

        /// The official name of the role (`vqvae`, `prior_level_2`).
        public var description: String {
            switch self {
            case .vqvae: "vqvae"
            case .prior(let level): "prior_level_\(level)"
            }
        }

        /// Parses `vqvae` or `prior_level_L` (L = 0, 1, 2).
        public init?(_ text: String) {
            if text == "vqvae" {
                self = .vqvae
            } else if text.hasPrefix("prior_level_"), let level = Int(text.dropFirst("prior_level_".count)),
                (0...2).contains(level)
            {
                self = .prior(level: level)
            } else {
                return nil
            }
        }
    }

    /// The checkpoint file.
    public var path: String
    /// What it becomes.
    public var role: Role

    public init(path: String, role: Role) {
        self.path = path
        self.role = role
    }

    /// Reads a command-line argument: `ROLE=PATH`, or a path whose file name starts with
    /// the official name (`vqvae.pth.tar`, `prior_level_1.pth.tar`, `prior_level_2.pth`).
    /// - Throws: `BundleError.unrecognisedInput` when neither says the role.
    public static func parse(_ argument: String) throws(BundleError) -> ConversionInput {
        if let equals = argument.firstIndex(of: "="), let role = Role(String(argument[..<equals])) {
            return ConversionInput(path: String(argument[argument.index(after: equals)...]), role: role)
        }
        let fileName = argument.split(separator: "/").last.map(String.init) ?? argument
        let stem = String(fileName.prefix(while: { $0 != "." }))
        guard let role = Role(stem) else {
            throw BundleError.unrecognisedInput(
                path: argument,
                reason: "cannot tell which model it holds: name it vqvae.pth.tar or prior_level_L.pth.tar, "
                    + "or write ROLE=PATH with ROLE one of vqvae, prior_level_0, prior_level_1, prior_level_2")
        }
        return ConversionInput(path: argument, role: role)
    }
}

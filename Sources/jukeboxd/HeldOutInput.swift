import ArgumentParser
import Foundation

/// One held-out recording for `jukeboxd evaluate`: the real music from its start (the primer
/// is its first seconds, the real continuation what follows) and the labels to condition on.
struct HeldOutInput: Decodable, Equatable {
    var name: String
    var path: String
    var artist: String
    var genre: String

    enum CodingKeys: String, CodingKey { case name, real, artist, genre }

    init(name: String, path: String, artist: String, genre: String) {
        (self.name, self.path, self.artist, self.genre) = (name, path, artist, genre)
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .real)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? URL(fileURLWithPath: path).lastPathComponent
        artist = try c.decode(String.self, forKey: .artist)
        genre = try c.decode(String.self, forKey: .genre)
    }

    /// The inputs an argument names: an audio file (labelled with the defaults), or a JSON list
    /// (`[{"real": FILE, "artist": A, "genre": G, "name": N}, ...]`, or an object holding such a
    /// list under `items` or `pairs`, as `Training/build_dataset.py --eval-out` writes it) whose
    /// relative paths are taken from the list's folder.
    static func parse(_ argument: String, artist: String, genre: String) throws -> [HeldOutInput] {
        guard argument.lowercased().hasSuffix(".json") else {
            return [
                HeldOutInput(
                    name: URL(fileURLWithPath: argument).deletingPathExtension().lastPathComponent, path: argument,
                    artist: artist, genre: genre)
            ]
        }
        guard let data = FileManager.default.contents(atPath: argument) else {
            throw ValidationError("cannot read \(argument)")
        }
        struct Wrapped: Decodable {
            var items: [HeldOutInput]?
            var pairs: [HeldOutInput]?
        }
        let items: [HeldOutInput]
        do {
            if let list = try? JSONDecoder().decode([HeldOutInput].self, from: data) {
                items = list
            } else {
                let wrapped = try JSONDecoder().decode(Wrapped.self, from: data)
                guard let list = wrapped.items ?? wrapped.pairs else {
                    throw ValidationError(
                        "\(argument): no list of recordings (a JSON array, or \"items\" or \"pairs\")")
                }
                items = list
            }
        } catch {
            throw ValidationError("\(argument): not a held-out list ([{\"real\", \"artist\", \"genre\"}]): \(error)")
        }
        let folder = URL(fileURLWithPath: argument).deletingLastPathComponent()
        return items.map { item in
            var item = item
            if !item.path.hasPrefix("/") { item.path = folder.appendingPathComponent(item.path).path }
            return item
        }
    }
}

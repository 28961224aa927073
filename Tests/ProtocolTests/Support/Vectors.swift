import Foundation
import Protocol
import SchemaCompiler

/// The repository root, found from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

/// The checked schema in `schema/`.
let loadedSchema: Schema = {
    do {
        return try SchemaCompiler.load(directory: repositoryRoot + "/schema")
    } catch {
        fatalError("schema/ does not compile: \(error)")
    }
}()

/// A golden vector as stored in `schema/vectors/*.json`.
struct Vector: CustomStringConvertible, Sendable {
    let file: String
    let name: String
    let type: String
    nonisolated(unsafe) let value: [String: Any]?
    let hex: String?
    let inputHex: String?
    let error: String?
    let offset: Int?
    let limits: WireLimits

    var description: String { "\(file):\(name)" }

    /// The bytes a decoder is given.
    var input: [UInt8] { Hex.decode(inputHex ?? hex ?? "")! }
}

enum VectorFiles {
    static let directory = repositoryRoot + "/schema/vectors"

    static func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    static func load(_ file: String) -> [Vector] {
        let data = FileManager.default.contents(atPath: directory + "/" + file)!
        let array = try! JSONSerialization.jsonObject(with: data) as! [[String: Any]]
        return array.map { entry in
            var limits = WireLimits.default
            if let custom = entry["limits"] as? [String: Int] {
                if let value = custom["max_message_bytes"] { limits.maxMessageBytes = value }
                if let value = custom["max_depth"] { limits.maxDepth = value }
                if let value = custom["max_list_count"] { limits.maxListCount = value }
                if let value = custom["max_string_bytes"] { limits.maxStringBytes = value }
            }
            return Vector(file: file, name: entry["name"] as! String, type: entry["type"] as! String,
                          value: entry["value"] as? [String: Any], hex: entry["hex"] as? String,
                          inputHex: entry["input_hex"] as? String, error: entry["error"] as? String,
                          offset: entry["offset"] as? Int, limits: limits)
        }
    }

    static let valid: [Vector] = names().filter { $0 != "invalid.json" }.flatMap(load)
    static let invalid: [Vector] = load("invalid.json")
}

/// JSON text with sorted keys, for comparing readable values.
func canonicalJSON(_ value: Any) -> String {
    let data = try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
    return String(decoding: data, as: UTF8.self)
}

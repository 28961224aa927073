import Foundation
import Protocol
import SchemaCompiler
import Testing

/// Golden vectors in `schema/vectors/`, checked in both directions against the generated code and
/// against an independent, schema-driven codec written from `WIRE.md`.
@Suite struct VectorTests {
    let codec = DynamicCodec(schema: loadedSchema)

    @Test func vectorsExistForEveryFile() {
        #expect(VectorFiles.valid.count >= 40)
        #expect(VectorFiles.invalid.count >= 40)
        #expect(Set(VectorFiles.valid.map(\.name)).count == VectorFiles.valid.count, "vector names are unique")
    }

    @Test(arguments: VectorFiles.valid)
    func readableValueEncodesToHex(_ vector: Vector) throws {
        let hex = try #require(vector.hex, "vector has no hex")
        let encoded = try codec.encode(vector.value ?? [:], type: vector.type)
        #expect(Hex.encode(encoded) == hex)
    }

    @Test(arguments: VectorFiles.valid)
    func generatedCodeDecodesAndReencodesCanonically(_ vector: Vector) throws {
        let type = try #require(SchemaInfo.messageTypes["collect.v1." + vector.type])
        let decoded = try type.init(decoding: vector.input)
        #expect(Hex.encode(decoded.encoded()) == vector.hex)
        // The generated decoder read each field into the right place: its value, re-encoded and
        // read back by the schema-driven decoder, is the readable value.
        let readable = try codec.decode(decoded.encoded(), type: vector.type)
        #expect(canonicalJSON(readable) == canonicalJSON(vector.value ?? [:]))
    }

    @Test(arguments: VectorFiles.valid)
    func hexDecodesToReadableValue(_ vector: Vector) throws {
        let readable = try codec.decode(vector.input, type: vector.type)
        #expect(canonicalJSON(readable) == canonicalJSON(vector.value ?? [:]))
    }

    @Test(arguments: VectorFiles.invalid)
    func invalidInputGivesItsError(_ vector: Vector) throws {
        let type = try #require(SchemaInfo.messageTypes["collect.v1." + vector.type])
        let error = #expect(throws: WireError.self) { try type.init(decoding: vector.input, limits: vector.limits) }
        #expect(error?.code == vector.error)
        #expect(error?.offset == vector.offset)
        let dynamicError = #expect(throws: WireError.self) { try codec.decode(vector.input, type: vector.type, limits: vector.limits) }
        #expect(dynamicError?.code == vector.error)
        #expect(dynamicError?.offset == vector.offset)
    }

    @Test func everyWireErrorCodeHasAnInvalidVector() {
        let covered = Set(VectorFiles.invalid.compactMap(\.error))
        for kind in WireError.Kind.allCases {
            #expect(covered.contains(kind.rawValue), "no invalid vector for \(kind.rawValue)")
        }
    }

    @Test func everySchemaTypeAndCardinalityIsCovered() throws {
        let sample = try #require(loadedSchema.message("WireSample"))
        let usedFields = Set(VectorFiles.valid.filter { $0.type == "WireSample" }.flatMap { $0.value?.keys.map { $0 } ?? [] })
        for field in sample.fields {
            #expect(usedFields.contains(field.name), "no WireSample vector sets \(field.name)")
        }
    }
}

/// `COLLECT_VECTOR_HEX_OUT=path swift test --filter printVectorHex` writes `name hex` lines for
/// vectors, computed by the schema-driven encoder: a tool for adding vectors, not a check.
@Test(.enabled(if: ProcessInfo.processInfo.environment["COLLECT_VECTOR_HEX_OUT"] != nil))
func printVectorHex() throws {
    let codec = DynamicCodec(schema: loadedSchema)
    var lines = ""
    for vector in VectorFiles.valid {
        lines += "\(vector.name) \(Hex.encode(try codec.encode(vector.value ?? [:], type: vector.type)))\n"
    }
    try lines.write(toFile: ProcessInfo.processInfo.environment["COLLECT_VECTOR_HEX_OUT"]!, atomically: true, encoding: .utf8)
}

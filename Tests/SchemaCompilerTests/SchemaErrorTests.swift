import SchemaCompiler
import Testing

/// Compiler errors name the file, line and column of the mistake, and say what is wrong.
@Suite struct SchemaErrorTests {
    /// Compiles one file and returns the diagnostics as `file:line:column: error: message` lines.
    func errors(_ text: String, file: String = "test.schema") -> [String] {
        do {
            _ = try SchemaCompiler.check(sources: [(file, text)])
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func validSchemaCompiles() throws {
        let schema = try SchemaCompiler.check(sources: [("ok.schema", """
            package collect.v1;
            /// Money.
            message Money { int64 minor_units = 1; optional date due = 2; repeated Money2 parts = 3; }
            message Money2 { bool b = 1; }
            enum Kind { KIND_ZERO = 0; KIND_ONE = 1; }
            service S { rpc Get(Money) returns (Money2); mutation rpc Put(Money) returns (Money2); }
            """)])
        #expect(schema.messages.count == 2)
        #expect(schema.enums["Kind"]?.values.count == 2)
    }

    @Test func duplicateFieldNumber() {
        #expect(errors("""
            package p;
            message M {
              int32 a = 1;
              int32 b = 1;
            }
            """) == ["test.schema:4:3: error: field number 1 is already used at test.schema:3:3"])
    }

    @Test func duplicateFieldName() {
        #expect(errors("package p;\nmessage M { int32 a = 1; string a = 2; }") ==
                ["test.schema:2:26: error: field 'a' is already declared at test.schema:2:13"])
    }

    @Test func unknownType() {
        #expect(errors("package p;\nmessage M {\n  Mony amount = 1;\n}") == ["test.schema:3:3: error: unknown type 'Mony'"])
    }

    @Test func reservedNumberAndName() {
        let found = errors("""
            package p;
            message M {
              reserved 2 to 4;
              reserved "old";
              int32 old = 1;
              int32 b = 3;
            }
            """)
        #expect(found == [
            "test.schema:5:3: error: field name 'old' is reserved in 'M'",
            "test.schema:6:3: error: field number 3 is reserved in 'M'",
        ])
    }

    @Test func reservedSwiftTypeName() {
        #expect(errors("package p;\nmessage String { int32 a = 1; }") ==
                ["test.schema:2:1: error: 'String' is a reserved name; it would shadow a type the generated code uses"])
    }

    @Test func duplicateTypeAcrossFiles() throws {
        do {
            _ = try SchemaCompiler.check(sources: [("a.schema", "package p;\nmessage M {}"), ("b.schema", "package p;\n\nenum M { M_ZERO = 0; }")])
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["b.schema:3:1: error: 'M' is already declared at a.schema:2:1"])
        }
    }

    @Test func packagesMustAgree() throws {
        do {
            _ = try SchemaCompiler.check(sources: [("a.schema", "package p;\nmessage M {}"), ("b.schema", "package q;\nmessage N {}")])
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["b.schema:1:1: error: package 'q' differs from 'p' declared in a.schema"])
        }
    }

    @Test func enumRules() {
        let found = errors("""
            package p;
            enum Color {
              COLOR_RED = 1;
              RED = 2;
              COLOR_UNKNOWN = 3;
              COLOR_RED = 4;
              COLOR_BLUE = 1;
            }
            """)
        #expect(found == [
            "test.schema:2:1: error: enum 'Color' needs a value numbered 0, its default",
            "test.schema:4:3: error: enum value 'RED' must start with 'COLOR_'",
            "test.schema:5:3: error: enum value 'COLOR_UNKNOWN' is reserved: UNKNOWN stands for values this schema does not know",
            "test.schema:6:3: error: enum value 'COLOR_RED' is already declared at test.schema:3:3",
            "test.schema:7:3: error: enum value number 1 is already used at test.schema:3:3",
        ])
    }

    @Test func namingRules() {
        let found = errors("package p;\nmessage lower { int32 CamelField = 1; }\nservice S { rpc get(lower) returns (lower); }")
        #expect(found == [
            "test.schema:2:1: error: type name 'lower' must be UpperCamelCase",
            "test.schema:2:17: error: field name 'CamelField' must be lower_snake_case",
            "test.schema:3:13: error: method name 'get' must be UpperCamelCase",
        ])
    }

    @Test func recursionIsRefused() {
        let found = errors("package p;\nmessage A { B b = 1; }\nmessage B { repeated A a = 1; }")
        #expect(found.first == "test.schema:2:1: error: message 'A' contains itself (A → B → A); recursive messages are not supported")
    }

    @Test func methodTypesMustBeMessages() {
        let found = errors("package p;\nenum E { E_ZERO = 0; }\nmessage M {}\nservice S {\n  rpc A(E) returns (Nope);\n}")
        #expect(found == [
            "test.schema:5:3: error: 'E' is an enum; a method takes and returns messages",
            "test.schema:5:3: error: unknown type 'Nope'",
        ])
    }

    @Test func fieldNumberRange() {
        #expect(errors("package p;\nmessage M { int32 a = 0; }") == ["test.schema:2:23: error: field number 0 is outside 1...536870911"])
        #expect(errors("package p;\nmessage M { int32 a = 536870912; }") == ["test.schema:2:23: error: field number 536870912 is outside 1...536870911"])
    }

    @Test func syntaxErrorsPointAtTheToken() {
        #expect(errors("package p;\nmessage M { int32 a = 1 }") == ["test.schema:2:25: error: expected ';', found '}'"])
        #expect(errors("package p;\nmesage M {}") == ["test.schema:2:1: error: expected 'enum', 'message' or 'service', found 'mesage'"])
        #expect(errors("message M {}") == ["test.schema:1:1: error: expected 'package', found 'message'"])
        #expect(errors("package p;\nmessage M { string s = 1; /* no */ }") == ["test.schema:2:27: error: block comments are not supported; use //"])
        #expect(errors("package p;\nmessage M { string s = \"x; }") == ["test.schema:2:24: error: unterminated string"])
        #expect(errors("package p;\nmessage M { int32 a = 99999999999999999999; }") == ["test.schema:2:23: error: number is too large"])
        #expect(errors("package p;\nmessage M { int32 a = 1; } @") == ["test.schema:2:28: error: unexpected character '@'"])
    }

    @Test func docCommentsBecomeDocComments() throws {
        let schema = try SchemaCompiler.check(sources: [("d.schema", "package p;\n/// The thing.\n/// Second line.\nmessage M {\n  // not doc\n  /// A field.\n  int32 a = 1;\n}")])
        let generated = SchemaCompiler.generate(schema).first { $0.name == "d.generated.swift" }?.contents ?? ""
        #expect(generated.contains("/// The thing.\n/// Second line.\npublic struct M"))
        #expect(generated.contains("    /// A field.\n    public var a: Int32"))
        #expect(!generated.contains("not doc"))
    }
}

/// Masks personal data for roles without the right to see it: enough remains for a caller to
/// recognise a number or address ("+4670*****67", "a***@example.se"), not to use it.
public enum Masking {
    /// `+46701234567` → `+4670*****67`.
    public static func phone(_ phone: String) -> String {
        let characters = Array(phone)
        guard characters.count > 6 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(5)) + String(repeating: "*", count: characters.count - 7) + String(characters.suffix(2))
    }

    /// `asa.lindstrom@example.se` → `a***@example.se`.
    public static func email(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@"), at != email.startIndex else { return email.isEmpty ? "" : "***" }
        return String(email[email.startIndex]) + "***" + String(email[at...])
    }
}

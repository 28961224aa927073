import Domain

/// Whether a country's contact policy allows a channel at all: a call channel needs a call
/// window on some day and non-zero call limits, a written message a window and non-zero message
/// limits (messages keep call hours); letters have no hours or limits and are always allowed.
public enum ChannelPermit {
    /// True when `policy` allows no contact on `channel` at any time.
    public static func forbids(_ channel: OutboundChannel, _ policy: ContactPolicy) -> Bool {
        if channel == .letter { return false }
        let hasWindow = [policy.weekdayWindow, policy.saturdayWindow, policy.sundayWindow].contains { !($0?.isEmpty ?? true) }
        guard hasWindow else { return true }
        if channel.isCall { return policy.maxCallsPerDay == 0 || policy.maxCallsPerWeek == 0 || policy.maxCallsPerMonth == 0 }
        return policy.maxMessagesPerDay == 0 || policy.maxMessagesPerWeek == 0
    }
}

/// The choices behind the offer pages: which button an offer link shows, and which outcome
/// the page reports after the customer's answer was (or could not be) recorded.

/// The answer an offer link carries: the SMS holds one link for each.
public enum OfferAnswer: String, Sendable, Equatable, CaseIterable {
    /// `Oui, je confirme ma venue`.
    case yes = "oui"
    /// `Non, libérer la place`.
    case no = "non"
}

/// What happened to an answered offer, as told to the customer.
public enum OfferOutcomePage: String, Sendable, Equatable, CaseIterable {
    /// The booking is made: the calendar holds it.
    case booked
    /// Oui is recorded, but the calendar has not taken the booking yet (it did not answer in
    /// the few seconds the page waits): the outcome comes by SMS.
    case securing
    /// The place was released for the next person.
    case declined
    /// A second "yes" after the booking was made.
    case alreadyBooked
    /// A second answer after a "no".
    case alreadyDeclined
    /// The offer's time ran out; the place went to the next person.
    case expired
    /// Someone else got the place first.
    case taken
    /// The waitlist entry is closed (cancelled, removed or past).
    case closed
}

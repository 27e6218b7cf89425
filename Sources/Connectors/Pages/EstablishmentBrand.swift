/// Who the page speaks for: the establishment's name and logo, shown in every page header
/// that is reached through a valid link (error pages show no brand, so they reveal nothing).

/// The establishment's identity on its public pages.
public struct EstablishmentBrand: Sendable, Equatable {
    /// Display name (`Le Bistrot du Port`); also the logo's alternative text.
    public var name: String
    /// A path under this site (`/assets/logo/demo.svg`), or nil for a monogram of the initials.
    /// Anything that is not a same-site path (`https://…`, `//host/…`, `javascript:`) is
    /// ignored in favour of the monogram: the CSP would block it anyway.
    public var logoPath: String?

    /// A brand from its parts.
    public init(name: String, logoPath: String? = nil) {
        self.name = name
        self.logoPath = logoPath
    }
}

import CCrypto

/// The one stylesheet of the public pages, served at `/assets/waitlist.css`. The CSP
/// forbids inline styles, so every look lives here. Mobile-first: one column, 16px+ text
/// (no zoom on focus in iOS), 48px+ tap targets, WCAG AA contrast, visible focus rings.

extension Pages {
    /// Where pages link the stylesheet, with a content hash so browsers refetch it when it changes.
    public static let stylesheetPath = "/assets/waitlist.css?v=" + shortHash(stylesheet)

    /// The first 8 hex digits of the SHA-256 of `text`: a cache key, not a secret.
    static func shortHash(_ text: String) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { SHA256($0.baseAddress, $0.count, &digest) }
        return digest.prefix(4).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// The CSS of every page. Colours: text #1c1f24 and muted #4b5563 on white (16:1, 7.6:1),
    /// navy #1d3557 buttons with white text (12:1), errors #b42318 (6.6:1), focus #1a56db.
    public static let stylesheet = """
        /* SpeedAI waitlist pages: mobile-first, system fonts, no external resources. */
        *, *::before, *::after { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body {
          margin: 0;
          background: #f4f2ee;
          color: #1c1f24;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
          font-size: 1.0625rem;
          line-height: 1.55;
        }
        .page { display: flex; justify-content: center; padding: 1rem 0.75rem 2.5rem; min-height: 100vh; }
        .card {
          width: 100%;
          max-width: 32rem;
          align-self: flex-start;
          background: #ffffff;
          border-radius: 1.25rem;
          padding: 1.5rem 1.25rem 2rem;
          box-shadow: 0 1px 2px rgba(16, 24, 40, 0.06), 0 12px 32px rgba(16, 24, 40, 0.08);
        }
        @media (min-width: 40rem) {
          .page { padding: 3rem 1rem; }
          .card { padding: 2.5rem 2.25rem 2.75rem; }
        }
        .header { margin-bottom: 1.5rem; }
        .brand { display: flex; align-items: center; gap: 0.875rem; margin-bottom: 1.25rem; }
        .logo { width: 3.5rem; height: 3.5rem; border-radius: 50%; object-fit: contain; flex: none; }
        .brand-name { font-weight: 600; color: #4b5563; }
        h1 { font-size: 1.5rem; line-height: 1.25; letter-spacing: -0.01em; margin: 0; }
        h2 { font-size: 1.125rem; line-height: 1.3; margin: 1.75rem 0 0.75rem; }
        p { margin: 0 0 1rem; }
        .lead { font-size: 1.125rem; }
        .muted { color: #4b5563; }
        .reminder {
          background: #eef3fa;
          border-left: 4px solid #1d3557;
          border-radius: 0.5rem;
          padding: 0.875rem 1rem;
          margin-bottom: 1.5rem;
        }
        .note { background: #f7f7f5; border-radius: 0.75rem; padding: 0.75rem 1rem; }
        .error-summary {
          border: 2px solid #b42318;
          border-radius: 0.875rem;
          background: #fef3f2;
          padding: 1rem 1.125rem;
          margin-bottom: 1.5rem;
        }
        .error-summary h2 { margin: 0 0 0.5rem; font-size: 1.0625rem; }
        .error-summary ul { margin: 0; padding-left: 1.25rem; }
        .error-summary li { margin: 0.25rem 0; }
        .error-summary a { color: #b42318; font-weight: 600; text-underline-offset: 0.15em; }
        .field { margin-bottom: 1.25rem; }
        .label, .legend { display: block; font-weight: 600; margin-bottom: 0.375rem; }
        .hint { color: #4b5563; font-size: 0.9375rem; margin: -0.125rem 0 0.5rem; }
        .error-message { color: #b42318; font-weight: 600; margin: 0 0 0.5rem; }
        .input {
          display: block;
          width: 100%;
          min-height: 3rem;
          padding: 0.75rem 0.875rem;
          font: inherit;
          color: inherit;
          background: #ffffff;
          border: 1.5px solid #6b7280;
          border-radius: 0.75rem;
        }
        .input[aria-invalid="true"] { border: 2px solid #b42318; }
        .input-short { max-width: 8rem; }
        .slots { border: 0; padding: 0; margin: 1.75rem 0 1.5rem; min-width: 0; }
        .legend { font-size: 1.125rem; padding: 0; margin-bottom: 0.25rem; }
        .slot-group { font-weight: 600; color: #4b5563; font-size: 0.9375rem; margin: 1.25rem 0 0.5rem; }
        .slot-list { display: grid; gap: 0.625rem; }
        .slot {
          display: flex;
          align-items: center;
          gap: 0.875rem;
          min-height: 3.5rem;
          padding: 0.75rem 1rem;
          border: 1.5px solid #7c8592;
          border-radius: 0.875rem;
          background: #ffffff;
          cursor: pointer;
        }
        .slot:hover { border-color: #1d3557; }
        .slot:has(input:checked) { border-color: #1d3557; background: #eef3fa; box-shadow: inset 0 0 0 1px #1d3557; }
        .slot input { width: 1.375rem; height: 1.375rem; margin: 0; flex: none; accent-color: #1d3557; }
        .slot-text { display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 0.625rem; }
        .slot-label { font-size: 1.125rem; font-weight: 600; }
        .slot-tag { font-size: 0.875rem; font-weight: 600; color: #1d3557; }
        .slot-detail { flex-basis: 100%; font-size: 0.9375rem; color: #4b5563; }
        .reassurance { color: #4b5563; margin: 1.5rem 0; }
        .reassurance p { margin: 0 0 0.25rem; }
        .chosen { margin: 0 0 1.25rem; padding-left: 1.25rem; }
        .chosen li { margin: 0.25rem 0; font-weight: 600; }
        .button {
          display: block;
          width: 100%;
          min-height: 3.25rem;
          padding: 0.875rem 1.25rem;
          border: 0;
          border-radius: 0.875rem;
          background: #1d3557;
          color: #ffffff;
          font: inherit;
          font-weight: 600;
          text-align: center;
          cursor: pointer;
        }
        .button:hover { background: #142642; }
        .input:focus-visible, .button:focus-visible, .error-summary a:focus-visible {
          outline: 3px solid #1a56db;
          outline-offset: 2px;
        }
        .slot:has(input:focus-visible) { outline: 3px solid #1a56db; outline-offset: 2px; }
        .visually-hidden {
          position: absolute;
          width: 1px;
          height: 1px;
          padding: 0;
          margin: -1px;
          overflow: hidden;
          clip: rect(0, 0, 0, 0);
          white-space: nowrap;
          border: 0;
        }
        @media (forced-colors: active) {
          .slot:has(input:checked) { outline: 2px solid CanvasText; }
        }

        """
}

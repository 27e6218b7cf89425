/// The dashboard's stylesheet, served at `/assets/dashboard.css` next to the public pages'
/// one: the same palette and type, a wide layout for tables on a laptop that folds into
/// cards on a phone. No inline styles (the CSP forbids them).

/// The dashboard's CSS.
public enum DashboardStylesheet {
    /// Where pages link it, with a content hash for cache busting.
    public static let path = "/assets/dashboard.css?v=" + Pages.shortHash(css)

    /// The CSS.
    public static let css = """
        *, *::before, *::after { box-sizing: border-box; }
        body { margin: 0; background: #f4f2ee; color: #1c1f24; line-height: 1.5;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif; }
        a { color: #1d3557; }
        a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #1a56db; outline-offset: 2px; }
        .topbar { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; justify-content: space-between;
          padding: 0.75rem 1.25rem; background: #1d3557; color: #fff; }
        .topbar a, .topbar button { color: #fff; }
        .muted-on-dark { color: #dbe4f0; }
        .nav-main { display: inline-block; padding: 0.6rem 1.1rem; border-radius: 999px; background: #fff; color: #1d3557 !important;
          font-weight: 700; text-decoration: none; min-height: 44px; }
        .topbar form { margin: 0; }
        .topbar nav { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 1.1rem; }
        .topbar nav a:not(.nav-main) { display: inline-flex; align-items: center; min-height: 44px; text-decoration: none;
          border-bottom: 2px solid transparent; }
        .topbar nav a:not(.nav-main):hover { border-bottom-color: #dbe4f0; }
        .link-button { background: none; border: 0; font: inherit; text-decoration: underline; cursor: pointer; min-height: 44px; }
        .wrap { max-width: 72rem; margin: 0 auto; padding: 1.25rem; }
        h1 { font-size: 1.6rem; margin: 0.5rem 0 1rem; }
        h2 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }
        .panel { background: #fff; border-radius: 14px; box-shadow: 0 1px 3px rgba(16, 24, 40, 0.08); padding: 1rem 1.25rem; margin-bottom: 1rem; }
        .filters { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: flex-end; }
        .filters label { display: flex; flex-direction: column; font-size: 0.9rem; font-weight: 600; gap: 0.25rem; max-width: 100%; min-width: 0; }
        .filters input, .filters select { font: inherit; padding: 0.5rem 0.6rem; border: 1px solid #9aa3af; border-radius: 8px; min-height: 44px;
          max-width: 100%; }
        .button { display: inline-block; font: inherit; font-weight: 700; color: #fff; background: #1d3557; border: 0; border-radius: 10px;
          padding: 0.6rem 1.1rem; min-height: 44px; cursor: pointer; text-decoration: none; }
        .button.secondary { background: #fff; color: #1d3557; border: 1px solid #1d3557; }
        .button.danger { background: #b42318; }
        table { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
        .panel svg { display: block; max-width: 100%; height: auto; }
        th, td { text-align: left; padding: 0.6rem 0.5rem; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
        th { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: #4b5563; }
        .muted { color: #4b5563; }
        .status { display: inline-block; padding: 0.1rem 0.55rem; border-radius: 999px; font-size: 0.85rem; font-weight: 600; background: #e8edf5; }
        .status-waiting { background: #e0ecff; } .status-offered { background: #fff1cc; } .status-confirmed { background: #d9f2e3; }
        .status-declined, .status-expired, .status-removed { background: #f1f1f1; color: #4b5563; }
        .pager { display: flex; gap: 0.75rem; align-items: center; justify-content: space-between; margin-top: 1rem; }
        .empty { padding: 2rem 0; text-align: center; color: #4b5563; }
        .history { list-style: none; padding: 0; margin: 0; }
        .history li { padding: 0.5rem 0; border-bottom: 1px solid #eef0f3; }
        .notice { padding: 0.75rem 1rem; border-radius: 10px; background: #e0ecff; margin-bottom: 1rem; }
        .banner-alert { padding: 0.75rem 1rem; border-radius: 10px; background: #fde2e1; color: #7a1410; border: 1px solid #f5b3ae; margin: 0 0 1rem; }
        .error { background: #fdecea; color: #7a1a12; }
        @media (max-width: 720px) {
          thead { display: none; }
          tr { display: block; border-bottom: 1px solid #e5e7eb; padding: 0.5rem 0; }
          td { display: block; border: 0; padding: 0.2rem 0; }
          td::before { content: attr(data-label) " : "; font-weight: 600; color: #4b5563; }
        }
        /* History work (issue 6): priority panel and journal badges. */
        .priority-actions { display: flex; flex-wrap: wrap; gap: 0.75rem; }
        .priority-actions form { margin: 0; }
        .journal-kind { display: inline-block; padding: 0 0.45rem; border-radius: 999px; font-size: 0.8rem; font-weight: 600; background: #e8edf5; }
        .journal-sms { background: #fdecea; color: #7a1a12; } .journal-calendar { background: #fff1cc; } .journal-rules { background: #e6f4ea; color: #0f5132; } .journal-security { background: #f3e8fd; color: #4a1a7a; }
        /* Rules editor (« Règles »): numbers beside a text area as tall as the file, diagnostics, diffs, preview. */
        .rules-editor { display: flex; align-items: flex-start; border: 1px solid #9aa3af; border-radius: 10px; overflow-x: auto; background: #fbfbfc; }
        .rules-gutter, .rules-editor textarea { font: 0.9rem/1.5 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; margin: 0; padding: 0.75rem 0.5rem; }
        .rules-gutter { text-align: right; color: #6b7280; user-select: none; border-right: 1px solid #e5e7eb; min-width: 3.5ch; }
        .rules-gutter span:target { background: #fff1cc; color: #7a1a12; font-weight: 700; }
        .rules-editor textarea { flex: 1; min-width: 40ch; border: 0; resize: vertical; white-space: pre; overflow-x: auto; overflow-y: hidden; tab-size: 2; background: #fff; }
        .rules-editor textarea:focus { outline: 3px solid #1d3557; outline-offset: -3px; }
        .rules-actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-top: 0.75rem; }
        .diagnostics { list-style: none; padding: 0; margin: 0; }
        .diagnostic { border-left: 4px solid #b42318; padding: 0.25rem 0 0.25rem 0.75rem; margin-bottom: 0.75rem; }
        .diagnostic-warning { border-left-color: #b58100; }
        .diagnostic-note { border-left-color: #1d3557; }
        .excerpt, .diff { font: 0.85rem/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: #f6f7f9; border-radius: 8px; padding: 0.5rem 0.75rem; overflow-x: auto; }
        .diff span { display: block; white-space: pre; }
        .diff-hunk { color: #6b7280; }
        .diff-added { background: #e6f4ea; color: #0f5132; }
        .diff-removed { background: #fdecea; color: #7a1a12; }
        .diff-added-count { color: #0f5132; font-weight: 600; }
        .diff-removed-count { color: #7a1a12; font-weight: 600; }
        .preview tr.changed { background: #fff7e0; }
        .preview tr.changed td:last-child { font-weight: 700; }
        .danger-zone { margin-top: 1rem; padding-top: 1rem; border-top: 1px solid #e5e7eb; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        """
}

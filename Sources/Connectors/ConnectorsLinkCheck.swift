import CSQLite
import CMicroHTTPD
import CCurl
import CCrypto
/// The C libraries' versions, for `speedai-rules --version` style diagnostics.
public enum CLibraryVersions {
    /// SQLite, libmicrohttpd, libcurl and OpenSSL versions as the libraries report them.
    public static var summary: String {
        let sqlite = String(cString: sqlite3_libversion())
        let mhd = String(cString: MHD_get_version())
        let curl = String(cString: curl_version())
        let ssl = String(cString: OpenSSL_version(0))
        return "sqlite \(sqlite); libmicrohttpd \(mhd); \(curl); \(ssl)"
    }
}

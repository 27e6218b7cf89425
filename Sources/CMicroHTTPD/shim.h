// libmicrohttpd from Debian's libmicrohttpd-dev.
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <microhttpd.h>

// Swift does not import C variadic functions, and libmicrohttpd's two query functions are
// variadic with no `va_list` twin. These fixed-argument wrappers expose the two answers the
// HTTP server needs.

/// The port the daemon's listen socket is bound to (the real one when started on port 0); 0 if unknown.
static inline uint16_t speedai_mhd_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

/// The peer address of a connection, or NULL if unknown.
static inline const struct sockaddr *speedai_mhd_client_address(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return info == NULL ? NULL : info->client_addr;
}

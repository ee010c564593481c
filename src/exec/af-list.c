/* SPDX-License-Identifier: MIT */
#include <strings.h>
#include <sys/socket.h>

#include "af-list.h"

typedef struct AfName {
        const char *name;
        int af;
} AfName;

/* Aliases first; af_to_name() takes the last row of a number, the canonical name. */
static const AfName af_names[] = {
        { "AF_FILE", AF_FILE },
        { "AF_LOCAL", AF_LOCAL },
        { "AF_ROUTE", AF_ROUTE },
        { "AF_UNIX", AF_UNIX },
        { "AF_INET", AF_INET },
        { "AF_AX25", AF_AX25 },
        { "AF_IPX", AF_IPX },
        { "AF_APPLETALK", AF_APPLETALK },
        { "AF_NETROM", AF_NETROM },
        { "AF_BRIDGE", AF_BRIDGE },
        { "AF_ATMPVC", AF_ATMPVC },
        { "AF_X25", AF_X25 },
        { "AF_INET6", AF_INET6 },
        { "AF_ROSE", AF_ROSE },
        { "AF_DECnet", AF_DECnet },
        { "AF_NETBEUI", AF_NETBEUI },
        { "AF_SECURITY", AF_SECURITY },
        { "AF_KEY", AF_KEY },
        { "AF_NETLINK", AF_NETLINK },
        { "AF_PACKET", AF_PACKET },
        { "AF_ASH", AF_ASH },
        { "AF_ECONET", AF_ECONET },
        { "AF_ATMSVC", AF_ATMSVC },
        { "AF_RDS", AF_RDS },
        { "AF_SNA", AF_SNA },
        { "AF_IRDA", AF_IRDA },
        { "AF_PPPOX", AF_PPPOX },
        { "AF_WANPIPE", AF_WANPIPE },
        { "AF_LLC", AF_LLC },
        { "AF_IB", AF_IB },
        { "AF_MPLS", AF_MPLS },
        { "AF_CAN", AF_CAN },
        { "AF_TIPC", AF_TIPC },
        { "AF_BLUETOOTH", AF_BLUETOOTH },
        { "AF_IUCV", AF_IUCV },
        { "AF_RXRPC", AF_RXRPC },
        { "AF_ISDN", AF_ISDN },
        { "AF_PHONET", AF_PHONET },
        { "AF_IEEE802154", AF_IEEE802154 },
        { "AF_CAIF", AF_CAIF },
        { "AF_ALG", AF_ALG },
        { "AF_NFC", AF_NFC },
        { "AF_VSOCK", AF_VSOCK },
        { "AF_KCM", AF_KCM },
        { "AF_QIPCRTR", AF_QIPCRTR },
        { "AF_SMC", AF_SMC },
        { "AF_XDP", AF_XDP },
        { "AF_MCTP", AF_MCTP },
};

int af_from_name(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(af_names); i++)
                if (strcasecmp(af_names[i].name, name) == 0) /* "af_unix" too, as systemd */
                        return af_names[i].af;
        return -EINVAL;
}

const char *af_to_name(int af) {
        const char *found = NULL;

        for (size_t i = 0; i < ELEMENTSOF(af_names); i++)
                if (af_names[i].af == af)
                        found = af_names[i].name;
        return found;
}

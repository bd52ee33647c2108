#!/bin/bash
# cvsw/uapi/cvsw.h is a self-contained user API: it compiles alone as C and C++ with no
# other header of the project, and a netlink client (tests/uapi/uapi_client.c, which the
# kernel test ctl_abi runs) builds against it with -I cvsw/uapi and nothing else.
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
t() {
	local name=$1
	shift
	if out=$("$@" 2>&1); then
		echo "PASS: uapi:$name"
	else
		echo "FAIL: uapi:$name"; echo "$out" | head -20 | sed 's/^/  /'; rc=1
	fi
}
t "header alone, C99 pedantic" sh -c "echo '#include <cvsw.h>' |
	cc -std=c99 -pedantic -Wall -Wextra -Werror -fsyntax-only -I '$top/cvsw/uapi' -x c -"
t "header alone, C++" sh -c "echo '#include <cvsw.h>' |
	c++ -Wall -Wextra -Werror -fsyntax-only -I '$top/cvsw/uapi' -x c++ -"
t "header includes nothing of the project" sh -c "! grep -n '#include' '$top/cvsw/uapi/cvsw.h'"
t "client builds from the header alone" cc -std=c99 -D_DEFAULT_SOURCE -Wall -Wextra -Werror \
	-I "$top/cvsw/uapi" -o "$tmp/uapi_client" "$top/tests/uapi/uapi_client.c"
t "client usage exits 2" sh -c "'$tmp/uapi_client'; test \$? = 2"
exit $rc

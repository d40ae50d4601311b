#!/usr/bin/env bash
# Runs a command with Debian 12's own nodejs 18 as /usr/bin/node, on a machine where another
# node (e.g. NodeSource's 20) is installed: the receiving server must keep running on the node
# Debian ships. Nothing is installed: the packages are fetched with `apt-get download`,
# unpacked into a temporary folder, and put in place in a private mount namespace (root only).
#
# Usage: sudo tests/tus-server/with-debian-node18.sh COMMAND [ARG…]
# e.g.   sudo tests/tus-server/with-debian-node18.sh \
#          dbus-run-session -- xvfb-run -a meson test -C _build --suite outbox
set -euo pipefail

if [ "${VT_NODE18_INSIDE:-}" = 1 ]; then
  # Inside the namespace: Debian's libnode looks for its externalized JavaScript dependencies
  # (acorn, cjs-module-lexer, undici) under /usr/share/nodejs.
  mount -t overlay overlay -o "lowerdir=$VT_NODE18_ROOT/usr/share:/usr/share" /usr/share
  mount --bind "$VT_NODE18_ROOT/node" /usr/bin/node
  echo "with-debian-node18: /usr/bin/node is $(/usr/bin/node --version)" >&2
  unset VT_NODE18_INSIDE VT_NODE18_ROOT
  exec "$@"
fi

[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG…]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "$0: needs root (unshare -m, mount)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/vt-node18-XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
version=$(apt-cache madison nodejs | awk '$3 ~ /^18\./ { print $3; exit }')
[ -n "$version" ] || { echo "$0: no nodejs 18 in the apt sources" >&2; exit 1; }
(cd "$work" && apt-get download -q "nodejs=$version" "libnode108=$version" \
   node-acorn node-cjs-module-lexer node-undici >/dev/null)
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$work/root"
done
libdir=$(dirname "$(find "$work/root" -name 'libnode.so.*' | head -n 1)")
cat > "$work/root/node" <<EOF
#!/bin/sh
LD_LIBRARY_PATH="$libdir\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "$work/root/usr/bin/node" "\$@"
EOF
chmod 755 "$work/root/node"

status=0
VT_NODE18_INSIDE=1 VT_NODE18_ROOT="$work/root" unshare -m "$0" "$@" || status=$?
exit $status

# shellcheck shell=bash
# The common start of the PID-1-side scripts that the initramfs init runs chrooted (a testbed
# host's host-run.sh, a tenant VM's tenant-run.sh): PATH, the cvsw_* words of the kernel
# command line as CVSW_* variables, /dev/fd, the hostname PREFIX$CVSW_HOST, and our tools.
guest_env() { # PREFIX
	local w k
	export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	for w in $(</proc/cmdline); do
		case $w in cvsw_*=*) k=${w%%=*}; declare -g "${k^^}=${w#*=}" ;; esac
	done
	[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
	hostname "$1$CVSW_HOST"
	export CVSW_TOP HOME=/root LANG=C.UTF-8 PATH=$CVSW_TOP/tools:$PATH
}

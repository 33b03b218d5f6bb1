#!/usr/bin/env bash
# Assembles a base image for Jib without a container registry or a Docker daemon, so that the
# image build (mvn -Pimage) can be proven on machines that reach no registry:
#   layer 1  a Debian root file system made by debootstrap (--variant=minbase), trimmed
#   layer 2  a Java runtime made by jlink from the local JDK (>= 21), at /opt/java/openjdk, the
#            path and environment of the eclipse-temurin images the real build uses by default
# Output: a `docker save`-style tarball (manifest.json, config.json, one tar per layer) that Jib
# reads as `tar://<path>`. Printed on stdout as BASE_IMAGE_TAR=<path>; progress on stderr.
#
#   ${MUSTER_CACHE:-~/.cache/muster}/image/muster-local-base.tar
#
# Idempotent: the debootstrap root file system is cached (rebuilt only if missing or incomplete),
# the tarball is rebuilt only if missing or older than this script. Needs root (debootstrap), and
# reaches only the Debian archive (DEBIAN_MIRROR, default http://deb.debian.org/debian).
# Deterministic packing (sorted, mtime 0, numeric owners), so equal inputs give an equal tarball.
set -euo pipefail

cache=${MUSTER_CACHE:-$HOME/.cache/muster}/image
suite=${DEBIAN_SUITE:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
rootfs=$cache/rootfs-$suite
out=$cache/muster-local-base.tar
tag=muster-local-base:$suite

# The modules Muster (Vert.x, Netty, fabric8, Jackson, SnakeYAML, Micrometer, Logback) needs.
# jdk.management: Micrometer's process metrics; jdk.unsupported: Netty and Caffeine;
# java.desktop: java.beans, used by SnakeYAML's introspection; jdk.crypto.*: TLS key types.
modules=java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http
modules+=,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.cryptoki
modules+=,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs

log() { printf '[base-image] %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

find_jdk() { # prints a JDK home >= 21 that has jlink
  local cand v
  for cand in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [[ -x $cand/bin/jlink ]] || continue
    v=$("$cand/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    [[ ${v%%.*} =~ ^[0-9]+$ ]] && ((${v%%.*} >= 21)) && {
      echo "$cand"
      return 0
    }
  done
  return 1
}

make_rootfs() {
  [[ -f $rootfs/.muster-complete ]] && {
    log "Debian $suite root file system cached in $rootfs"
    return 0
  }
  command -v debootstrap >/dev/null || {
    ((EUID == 0)) || die "debootstrap is missing and we are not root"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >&2
  }
  ((EUID == 0)) || die "debootstrap needs root"
  rm -rf "$rootfs"
  log "debootstrap --variant=minbase $suite from $mirror (a few minutes)"
  nice -n 10 debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >&2
  # What a container image does not need: package caches and lists, docs, man pages, logs, the
  # build host's resolv.conf and hostname (the container runtime provides its own).
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
    "$rootfs"/var/log/* "$rootfs"/etc/resolv.conf "$rootfs"/etc/hostname "$rootfs"/etc/machine-id
  touch "$rootfs/.muster-complete"
}

# tar_layer DIR OUT: a deterministic layer tarball of DIR's contents.
tar_layer() {
  tar --sort=name --mtime=@0 --numeric-owner --format=pax \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    --exclude=./.muster-complete --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
    -C "$1" -cf "$2" .
}

main() {
  mkdir -p "$cache"
  exec 9>"$cache/.lock"
  flock -w 1800 9 || die "timed out waiting for $cache/.lock"
  if [[ -f $out && $out -nt ${BASH_SOURCE[0]} && -f $rootfs/.muster-complete ]]; then
    log "cached: $out"
    echo "BASE_IMAGE_TAR=$out"
    return 0
  fi
  local jdk
  jdk=$(find_jdk) || die "no JDK >= 21 with jlink under JAVA_HOME or /usr/lib/jvm"
  make_rootfs
  # Global, so that the EXIT trap still sees it after main returns.
  work=$(mktemp -d "$cache/work.XXXXXX")
  trap 'rm -rf "$work"' EXIT

  log "jlink from $jdk"
  mkdir -p "$work/jre/opt/java"
  # jlink output is deterministic for a given JDK and module list.
  "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --compress=zip-6 --output "$work/jre/opt/java/openjdk"
  "$work/jre/opt/java/openjdk/bin/java" -version 2>&1 | head -1 | sed 's/^/[base-image] runtime: /' >&2

  mkdir -p "$work/image"
  tar_layer "$rootfs" "$work/image/rootfs.tar"
  # The runtime layer is owned by root like the rest of the system.
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=pax \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    -C "$work/jre" -cf "$work/image/jre.tar" .

  local d1 d2 java_version
  d1=$(sha256sum "$work/image/rootfs.tar" | cut -d' ' -f1)
  d2=$(sha256sum "$work/image/jre.tar" | cut -d' ' -f1)
  java_version=$("$work/jre/opt/java/openjdk/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java.runtime.version = //p')
  cat >"$work/image/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                  "JAVA_HOME=/opt/java/openjdk","JAVA_VERSION=$java_version","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$d1","sha256:$d2"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"debootstrap --variant=minbase $suite (deploy/image/build-local-base.sh)"},
            {"created":"1970-01-01T00:00:00Z","created_by":"jlink --add-modules $modules (deploy/image/build-local-base.sh)"}]}
EOF
  cat >"$work/image/manifest.json" <<EOF
[{"Config":"config.json","RepoTags":["$tag"],"Layers":["rootfs.tar","jre.tar"]}]
EOF
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/image" -cf "$out.tmp" \
    manifest.json config.json rootfs.tar jre.tar
  mv "$out.tmp" "$out"
  log "wrote $out ($(du -h "$out" | cut -f1); layers rootfs sha256:${d1:0:12}, jre sha256:${d2:0:12})"
  echo "BASE_IMAGE_TAR=$out"
}

main "$@"

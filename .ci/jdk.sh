# Sourced: exports JAVA_HOME/PATH for a JDK >= 21. The machine's default java is 17, so look
# beside it (Temurin and Debian JDKs live under /usr/lib/jvm) and take the newest that qualifies.
jdk_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1; }
pick_jdk() {
  local best="" best_v=0 cand v
  for cand in ${JAVA_HOME:-} /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -x "$cand/bin/javac" ] || continue
    v=$(jdk_major "$cand"); v=${v%%.*}
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$cand; best_v=$v; fi
  done
  [ -n "$best" ] || { echo "no JDK >= 21 found under /usr/lib/jvm (install temurin-21-jdk or newer)" >&2; return 1; }
  export JAVA_HOME=$best PATH=$best/bin:$PATH
  echo "using JDK $best_v at $JAVA_HOME" >&2
}
pick_jdk

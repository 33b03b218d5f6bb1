package io.muster.extender.cluster;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.muster.extender.spark.SparkLabels;
import io.muster.placement.model.Resources;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a fabric8 {@link Pod} into the small {@link PodRecord} the cluster view keeps. Requests are
 * computed once here by the injected function (Spark inference owns the rules); strings repeated
 * across many pods (namespaces, node names, label keys) are interned so 50,000 pods share them.
 */
public final class PodTrimmer {
  private static final Logger LOG = LoggerFactory.getLogger(PodTrimmer.class);

  /**
   * Default annotation filter: Muster's own {@code muster.io/*} and the {@code spark-*} keys of
   * palantir's k8s-spark-scheduler that Muster accepts as aliases. Everything else (for example
   * {@code kubectl.kubernetes.io/last-applied-configuration}) is dropped.
   */
  public static final Predicate<String> MUSTER_AND_SPARK_ANNOTATIONS =
      key -> key.startsWith("muster.io/") || key.startsWith("spark-");

  private final Function<Pod, Resources> podRequests;
  private final Predicate<String> keepAnnotation;

  public PodTrimmer(Function<Pod, Resources> podRequests, Predicate<String> keepAnnotation) {
    this.podRequests = podRequests;
    this.keepAnnotation = keepAnnotation;
  }

  public PodRecord trim(Pod pod) {
    ObjectMeta meta = pod.getMetadata();
    PodSpec spec = pod.getSpec();
    String node = spec == null ? null : emptyToNull(spec.getNodeName());
    return new PodRecord(
        intern(meta.getNamespace()),
        meta.getName(),
        meta.getUid(),
        meta.getResourceVersion(),
        instant(meta.getCreationTimestamp()).orElse(Instant.EPOCH),
        instant(meta.getDeletionTimestamp()),
        internKeys(meta.getLabels(), k -> true),
        internKeys(meta.getAnnotations(), keepAnnotation),
        Optional.ofNullable(intern(node)),
        PodPhase.parse(pod.getStatus() == null ? null : pod.getStatus().getPhase()),
        intern(spec == null ? null : spec.getSchedulerName()),
        spec == null || spec.getPriority() == null ? 0 : spec.getPriority(),
        requests(pod),
        configMapOfVolume(spec, SparkLabels.DRIVER_CONF_VOLUME),
        configMapOfVolume(spec, SparkLabels.POD_TEMPLATE_VOLUME),
        owners(meta.getOwnerReferences()));
  }

  private Resources requests(Pod pod) {
    Resources r;
    try {
      r = pod.getSpec() == null ? Resources.ZERO : podRequests.apply(pod);
    } catch (RuntimeException e) {
      // The API server validated these quantities; failing here is a bug in the sizing rules.
      // Counting the pod as one pod slot keeps the cache consistent; kube-scheduler's own fit
      // filter still sees the real requests.
      LOG.warn(
          "cannot compute requests pod={}/{}: {}",
          pod.getMetadata().getNamespace(),
          pod.getMetadata().getName(),
          e.toString());
      r = Resources.ZERO;
    }
    // Every pod takes one of its node's pod slots, whatever the sizing function says.
    return r.pods() == 0 ? r.plus(Resources.of(0, 0, 1)) : r;
  }

  private static Optional<String> configMapOfVolume(PodSpec spec, String volumeName) {
    if (spec == null || spec.getVolumes() == null) {
      return Optional.empty();
    }
    for (Volume v : spec.getVolumes()) {
      if (volumeName.equals(v.getName()) && v.getConfigMap() != null) {
        return Optional.ofNullable(emptyToNull(v.getConfigMap().getName()));
      }
    }
    return Optional.empty();
  }

  private static List<PodRecord.Owner> owners(List<OwnerReference> refs) {
    if (refs == null || refs.isEmpty()) {
      return List.of();
    }
    List<PodRecord.Owner> owners = new ArrayList<>(refs.size());
    for (OwnerReference r : refs) {
      owners.add(
          new PodRecord.Owner(
              intern(r.getKind()),
              r.getName(),
              r.getUid(),
              Boolean.TRUE.equals(r.getController())));
    }
    return owners;
  }

  private static Map<String, String> internKeys(Map<String, String> in, Predicate<String> keep) {
    if (in == null || in.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    in.forEach(
        (k, v) -> {
          if (k != null && v != null && keep.test(k)) {
            out.put(k.intern(), v.length() <= 64 ? v.intern() : v);
          }
        });
    return out;
  }

  /**
   * The API server writes {@code metav1.Time} as {@code 2026-11-21T05:20:19Z} (RFC 3339, whole
   * seconds, UTC). That form is read by hand: {@link Instant#parse} costs microseconds per call and
   * was about 2 % of Muster's CPU under load, since every pod event carries a timestamp. Any other
   * form goes through {@link Instant#parse}, with the same result.
   */
  static Optional<Instant> instant(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return Optional.empty();
    }
    Instant plain = plainUtcSeconds(timestamp);
    if (plain != null) {
      return Optional.of(plain);
    }
    try {
      return Optional.of(Instant.parse(timestamp));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code yyyy-MM-ddTHH:mm:ssZ} as an instant, or null for any other text or an invalid date. */
  private static Instant plainUtcSeconds(String t) {
    if (t.length() != 20
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':'
        || t.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) {
      return null;
    }
    if (second < 0 || second > 59 || day > YearMonth.of(year, month).lengthOfMonth()) {
      return null; // a leap second or an invalid date: Instant.parse decides
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second);
  }

  /** The non-negative number in {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String t, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static String intern(String s) {
    return s == null ? null : s.intern();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}

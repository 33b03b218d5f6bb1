package io.muster.extender.persist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.extender.cluster.BindingBody;
import io.muster.extender.cluster.ClusterWriter;
import io.muster.extender.cluster.MusterAnnotations;
import io.muster.extender.cluster.PodRef;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Persists a gang's reservation as the annotation {@code muster.io/reservation} on its anchor pod
 * (the driver; for a client-mode gang the executor that triggered admission), before the filter
 * answer that admits the gang.
 *
 * <p>Optimistic concurrency: every patch is a JSON merge patch carrying the pod's {@code
 * metadata.resourceVersion}, which the API server treats as a precondition (409 when the pod
 * changed). A 409 is not yet a conflict: the pod is re-read and the write is judged by its
 * reservation content ({@link WriteVerdict}), so a status update by the kubelet or kube-scheduler
 * costs one retry, while another replica's newer reservation ends in {@link
 * PersistResult.Conflict}. Between the re-read and the retried patch the resourceVersion
 * precondition still holds, so the check-then-write is atomic.
 *
 * <p>Asynchronous and bounded: the whole call (reads, retries) completes within {@code timeout},
 * with {@link PersistResult.TimedOut} otherwise, so the filter answer stays well under
 * kube-scheduler's 5 s {@code httpTimeout}. Never throws; may be called from any thread; the
 * returned stage completes on an HTTP client thread (hop to your own before touching state).
 */
public final class ReservationStore {
  /** Largest annotation written; Kubernetes caps all annotations of a pod at 256 KiB together. */
  public static final int MAX_ANNOTATION_CHARS = 200 * 1024;

  static final int MAX_ATTEMPTS = 3;

  private final ClusterWriter writer;
  private final ReservationCodec codec;
  private final Duration timeout;
  private final ObjectMapper mapper = new ObjectMapper();

  public ReservationStore(ClusterWriter writer, ReservationCodec codec, Duration timeout) {
    this.writer = writer;
    this.codec = codec;
    this.timeout = timeout;
  }

  public ReservationCodec codec() {
    return codec;
  }

  /** Writes {@code request.next()} on the anchor pod, unless a newer reservation is there. */
  public CompletionStage<PersistResult> persist(PersistRequest request) {
    String json = codec.encode(request.next());
    if (json.length() > MAX_ANNOTATION_CHARS) {
      return CompletableFuture.completedFuture(
          new PersistResult.Failed(
              413,
              "reservation of "
                  + request.next().gang()
                  + " encodes to "
                  + json.length()
                  + " chars, over the "
                  + MAX_ANNOTATION_CHARS
                  + " limit"));
    }
    return bounded(
        attempt(
            request.anchor(),
            request.observed(),
            current ->
                WriteVerdict.forWrite(current, request.expected(), request.next(), json, codec),
            rv -> patch(rv, json),
            1));
  }

  /**
   * Binds the anchor pod to {@code node} and writes {@code request.next()} on it in the same API
   * write: {@code POST pods/<name>/binding} whose metadata carries the annotation, the pod's uid
   * and the observed {@code resourceVersion}; kube-apiserver copies a Binding's annotations onto
   * the pod in the update that sets {@code spec.nodeName}, with uid and resourceVersion as
   * preconditions ({@code BindingREST.setPodNodeAndMetadata}). So the reservation is on the pod
   * exactly when the driver is bound, and the same optimistic concurrency as {@link #persist}
   * applies: the annotation is judged by {@link WriteVerdict} at the observed version, and a 409
   * (pod changed, or already assigned) re-reads the pod before anything else.
   *
   * <p>{@link PersistResult.Written}: bound to {@code node} with this reservation (also when an
   * earlier attempt had done it); {@link PersistResult.Conflict}: not bound by this call, because
   * another writer's reservation is on the pod or the pod is already bound otherwise; {@link
   * PersistResult.NotFound}: the pod (with {@code podUid}) is gone. Unknown outcomes as for {@link
   * #persist}.
   */
  public CompletionStage<PersistResult> bind(PersistRequest request, String podUid, String node) {
    String json = codec.encode(request.next());
    if (json.length() > MAX_ANNOTATION_CHARS) {
      return CompletableFuture.completedFuture(
          new PersistResult.Failed(413, "reservation encodes to " + json.length() + " chars"));
    }
    return bounded(bindAttempt(request, podUid, node, json, request.observed(), 1));
  }

  private CompletableFuture<PersistResult> bindAttempt(
      PersistRequest request,
      String podUid,
      String node,
      String json,
      Optional<ObservedPod> observed,
      int attempt) {
    PodRef anchor = request.anchor();
    if (observed.isEmpty() || observed.get().resourceVersion().isEmpty()) {
      return writer
          .getPod(anchor)
          .thenCompose(
              r -> {
                if (r.code() == 404) {
                  return done(new PersistResult.NotFound());
                }
                if (!r.ok()) {
                  return done(new PersistResult.Failed(r.code(), abbreviate(r.body())));
                }
                BindState state = bindState(r.body());
                if (!podUid.isEmpty() && !podUid.equals(state.uid())) {
                  return done(new PersistResult.NotFound()); // a recreated pod of the same name
                }
                if (!state.nodeName().isEmpty()) {
                  return done(alreadyBound(request, node, json, state));
                }
                return bindAttempt(request, podUid, node, json, Optional.of(state.seen()), attempt);
              });
    }
    ObservedPod seen = observed.get();
    WriteVerdict verdict =
        WriteVerdict.forWrite(
            seen.reservationAnnotation(), request.expected(), request.next(), json, codec);
    if (verdict instanceof WriteVerdict.Refused refused) {
      return done(new PersistResult.Conflict(refused.message(), refused.current()));
    }
    return writer
        .bindPod(anchor, binding(anchor, podUid, seen.resourceVersion(), node, json))
        .thenCompose(
            r -> {
              if (r.ok()) {
                return done(new PersistResult.Written(""));
              }
              if (r.code() == 404) {
                return done(new PersistResult.NotFound());
              }
              if (r.code() == 409) {
                // The pod changed since it was seen (a resourceVersion precondition), or it is
                // already assigned: the re-read tells which.
                if (attempt < MAX_ATTEMPTS) {
                  return bindAttempt(request, podUid, node, json, Optional.empty(), attempt + 1);
                }
                return done(
                    new PersistResult.Conflict(
                        "pod " + anchor + " changed on each of " + MAX_ATTEMPTS + " attempts",
                        Optional.empty()));
              }
              return done(new PersistResult.Failed(r.code(), abbreviate(r.body())));
            });
  }

  /** The pod is bound already: by an earlier attempt of this very write, or by someone else. */
  private PersistResult alreadyBound(
      PersistRequest request, String node, String json, BindState state) {
    Optional<String> raw = state.seen().reservationAnnotation();
    boolean mine =
        raw.isPresent()
            && (raw.get().equals(json)
                || (codec.decode(raw.get()) instanceof DecodeResult.Decoded(var d)
                    && d.equals(request.next())));
    if (mine && state.nodeName().equals(node)) {
      return new PersistResult.Written(state.seen().resourceVersion());
    }
    Optional<ReservationVersion> current =
        raw.flatMap(
            r ->
                codec.decode(r) instanceof DecodeResult.Decoded(var d)
                    ? Optional.of(d.version())
                    : Optional.empty());
    return new PersistResult.Conflict(
        "pod " + request.anchor() + " is already bound to node " + state.nodeName(), current);
  }

  private record BindState(ObservedPod seen, String uid, String nodeName) {}

  private BindState bindState(String podJson) {
    try {
      JsonNode pod = mapper.readTree(podJson);
      JsonNode meta = pod.path("metadata");
      JsonNode annotation = meta.path("annotations").path(MusterAnnotations.RESERVATION);
      return new BindState(
          new ObservedPod(
              meta.path("resourceVersion").asText(""),
              annotation.isTextual() ? Optional.of(annotation.textValue()) : Optional.empty()),
          meta.path("uid").asText(""),
          pod.path("spec").path("nodeName").asText(""));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CompletionException(e);
    }
  }

  /**
   * A core/v1 Binding with the reservation annotation and the uid/resourceVersion preconditions.
   */
  String binding(PodRef pod, String uid, String resourceVersion, String node, String reservation) {
    return BindingBody.of(
        pod, uid, resourceVersion, node, Map.of(MusterAnnotations.RESERVATION, reservation));
  }

  /**
   * Removes the reservation annotation (for example when the reservation expired), unless the pod
   * carries a newer reservation of another writer. Written when removed or already absent.
   */
  public CompletionStage<PersistResult> release(PodRef anchor, PersistedReservation held) {
    return bounded(
        attempt(
            anchor,
            Optional.empty(),
            current -> WriteVerdict.forRelease(current, held, codec),
            rv -> patch(rv, null),
            1));
  }

  private CompletableFuture<PersistResult> attempt(
      PodRef anchor,
      Optional<ObservedPod> observed,
      Function<Optional<String>, WriteVerdict> judge,
      Function<String, String> patchFor,
      int attempt) {
    if (observed.isEmpty() || observed.get().resourceVersion().isEmpty()) {
      return writer
          .getPod(anchor)
          .thenCompose(
              r -> {
                if (r.code() == 404) {
                  return done(new PersistResult.NotFound());
                }
                if (!r.ok()) {
                  return done(new PersistResult.Failed(r.code(), abbreviate(r.body())));
                }
                return attempt(anchor, Optional.of(observe(r.body())), judge, patchFor, attempt);
              });
    }
    ObservedPod seen = observed.get();
    WriteVerdict verdict = judge.apply(seen.reservationAnnotation());
    if (verdict instanceof WriteVerdict.AlreadyDone) {
      return done(new PersistResult.Written(seen.resourceVersion()));
    }
    if (verdict instanceof WriteVerdict.Refused refused) {
      return done(new PersistResult.Conflict(refused.message(), refused.current()));
    }
    return writer
        .mergePatchPod(anchor, patchFor.apply(seen.resourceVersion()))
        .thenCompose(
            r -> {
              if (r.ok()) {
                return done(new PersistResult.Written(observe(r.body()).resourceVersion()));
              }
              if (r.code() == 404) {
                return done(new PersistResult.NotFound());
              }
              if (r.code() == 409) {
                if (attempt < MAX_ATTEMPTS) {
                  return attempt(anchor, Optional.empty(), judge, patchFor, attempt + 1);
                }
                return done(
                    new PersistResult.Conflict(
                        "pod " + anchor + " changed on each of " + MAX_ATTEMPTS + " attempts",
                        Optional.empty()));
              }
              return done(new PersistResult.Failed(r.code(), abbreviate(r.body())));
            });
  }

  private CompletionStage<PersistResult> bounded(CompletableFuture<PersistResult> call) {
    return call.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(
            t -> {
              Throwable cause =
                  t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
              return cause instanceof TimeoutException
                  ? new PersistResult.TimedOut(timeout)
                  : new PersistResult.Failed(0, cause.toString());
            });
  }

  /** {@code {"metadata":{"resourceVersion":rv,"annotations":{"muster.io/reservation":value}}}}. */
  String patch(String resourceVersion, String value) {
    ObjectNode root = mapper.createObjectNode();
    ObjectNode meta = root.putObject("metadata");
    meta.put("resourceVersion", resourceVersion);
    ObjectNode annotations = meta.putObject("annotations");
    if (value == null) {
      annotations.putNull(MusterAnnotations.RESERVATION);
    } else {
      annotations.put(MusterAnnotations.RESERVATION, value);
    }
    return root.toString();
  }

  private ObservedPod observe(String podJson) {
    try {
      JsonNode meta = mapper.readTree(podJson).path("metadata");
      JsonNode annotation = meta.path("annotations").path(MusterAnnotations.RESERVATION);
      return new ObservedPod(
          meta.path("resourceVersion").asText(""),
          annotation.isTextual() ? Optional.of(annotation.textValue()) : Optional.empty());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CompletionException(e);
    }
  }

  private static CompletableFuture<PersistResult> done(PersistResult result) {
    return CompletableFuture.completedFuture(result);
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}

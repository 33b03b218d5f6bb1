package io.muster.extender.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The few API writes Muster makes, sent asynchronously through the fabric8 client's own HTTP client
 * (same authentication and TLS; no thread is blocked while a request is in flight, and no
 * client-side retry stretches a call past its timeout). Callers turn the raw status code into their
 * own result values. Names are validated before they reach a URL path, since they may come from
 * request bodies.
 */
public final class ClusterWriter {
  /**
   * Status code and body of one API call; code 0 never occurs (failures complete exceptionally).
   */
  public record ApiResponse(int code, String body) {
    public boolean ok() {
      return code >= 200 && code < 300;
    }
  }

  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  private static final String JSON = "application/json";
  private static final String MERGE_PATCH = "application/merge-patch+json";

  private final KubernetesClient client;
  private final HttpClient http;
  private final String base;
  private final Duration requestTimeout;

  public ClusterWriter(KubernetesClient client, Duration requestTimeout) {
    this.client = client;
    this.http = client.getHttpClient();
    String master = client.getMasterUrl().toString();
    this.base = master.endsWith("/") ? master : master + "/";
    this.requestTimeout = requestTimeout;
  }

  public KubernetesSerialization serialization() {
    return client.getKubernetesSerialization();
  }

  public CompletableFuture<ApiResponse> getPod(PodRef pod) {
    return send(podPath(pod), b -> b);
  }

  /** JSON merge patch (RFC 7386) of a pod; a {@code metadata.resourceVersion} is a precondition. */
  public CompletableFuture<ApiResponse> mergePatchPod(PodRef pod, String patch) {
    return send(podPath(pod), b -> b.method("PATCH", MERGE_PATCH, patch));
  }

  /** {@code POST pods/<name>/binding}, as kube-scheduler's default binder does. */
  public CompletableFuture<ApiResponse> bindPod(PodRef pod, String binding) {
    String path = podPath(pod);
    return send(path == null ? null : path + "/binding", b -> b.post(JSON, binding));
  }

  /** {@code POST events} (core v1) in a namespace. */
  public CompletableFuture<ApiResponse> createEvent(String namespace, String event) {
    String path = valid(namespace) ? "api/v1/namespaces/" + namespace + "/events" : null;
    return send(path, b -> b.post(JSON, event));
  }

  private static String podPath(PodRef pod) {
    return valid(pod.namespace()) && valid(pod.name())
        ? "api/v1/namespaces/" + pod.namespace() + "/pods/" + pod.name()
        : null;
  }

  static boolean valid(String name) {
    return name != null && NAME.matcher(name).matches() && !name.contains("..");
  }

  private CompletableFuture<ApiResponse> send(
      String path, java.util.function.UnaryOperator<HttpRequest.Builder> method) {
    if (path == null) {
      return CompletableFuture.completedFuture(
          new ApiResponse(400, "not a valid Kubernetes object name"));
    }
    HttpRequest request =
        method
            .apply(
                http.newHttpRequestBuilder()
                    .uri(base + path)
                    .header("Accept", JSON)
                    .timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS))
            .build();
    return http.sendAsync(request, String.class)
        .thenApply(r -> new ApiResponse(r.code(), r.body() == null ? "" : r.body()));
  }
}

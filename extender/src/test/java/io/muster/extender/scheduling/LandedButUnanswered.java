package io.muster.extender.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import java.util.HashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A merge patch of one pod that reaches etcd but whose answer is lost: the first patch is applied
 * to the mock's store (honouring its {@code resourceVersion} precondition, from another thread, as
 * a watch event shortly after), and every patch of that pod is answered {@code 500} (the API
 * server's answer when etcd timed out; the outcome is unknown to the caller). Reads stay normal.
 */
final class LandedButUnanswered implements AutoCloseable {
  private final KubernetesClient client;
  private final ExecutorService applier = Executors.newSingleThreadExecutor();
  private final AtomicBoolean landed = new AtomicBoolean();

  LandedButUnanswered(KubernetesMockServer server, KubernetesClient client, String pod) {
    this.client = client;
    server
        .expect()
        .patch()
        .withPath("/api/v1/namespaces/" + Harness.NS + "/pods/" + pod)
        .andReply(
            new ResponseProvider<Object>() {
              private Headers headers = Headers.builder().build();

              @Override
              public int getStatusCode(RecordedRequest request) {
                if (landed.compareAndSet(false, true)) {
                  JsonNode patch = Harness.tree(request.getUtf8Body());
                  applier.execute(() -> land(pod, patch));
                }
                return 500;
              }

              @Override
              public Object getBody(RecordedRequest request) {
                return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                    + "\"code\":500,\"message\":\"etcdserver: request timed out\"}";
              }

              @Override
              public Headers getHeaders() {
                return headers;
              }

              @Override
              public void setHeaders(Headers h) {
                headers = h;
              }
            })
        .always();
  }

  /** Applies the patch's annotations with a PUT (not intercepted), if the precondition holds. */
  private void land(String pod, JsonNode patch) {
    // A retry after a PUT that did land reads the new resourceVersion and applies nothing twice.
    StoreWrites.apply(() -> landOnce(pod, patch));
  }

  private void landOnce(String pod, JsonNode patch) {
    Pod current = client.pods().inNamespace(Harness.NS).withName(pod).get();
    String expected = patch.at("/metadata/resourceVersion").asText("");
    if (current == null || !expected.equals(current.getMetadata().getResourceVersion())) {
      return;
    }
    if (current.getMetadata().getAnnotations() == null) {
      current.getMetadata().setAnnotations(new HashMap<>());
    }
    patch
        .at("/metadata/annotations")
        .fields()
        .forEachRemaining(
            e -> current.getMetadata().getAnnotations().put(e.getKey(), e.getValue().asText()));
    client.pods().inNamespace(Harness.NS).resource(current).update();
  }

  /** Whether the lost write has been applied. */
  boolean landed() {
    return landed.get();
  }

  @Override
  public void close() {
    applier.shutdownNow();
  }
}

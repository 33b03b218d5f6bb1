package io.muster.extender.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The {@code pods/<name>/binding} subresource, which the CRUD mock server does not implement,
 * answered as kube-apiserver does: 201 and {@code spec.nodeName} set, or 409 "already assigned"
 * when the pod is bound. The binding is applied to the mock's store from another thread (the mock's
 * reply runs on its event loop, which the client call needs), so it shows a moment after the 201,
 * as a watch event. As kube-apiserver's {@code setPodNodeAndMetadata}, the Binding's annotations
 * are copied onto the pod in the same update ({@link Received#annotations()} records them).
 */
final class ApiBindings implements AutoCloseable {
  /** One binding the API received. */
  record Received(String pod, String uid, String node, Map<String, String> annotations) {}

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final ExecutorService applier = Executors.newSingleThreadExecutor();
  private final Map<String, String> boundTo = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> answersLost = new ConcurrentHashMap<>();
  final List<Received> received = new CopyOnWriteArrayList<>();

  ApiBindings(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  /**
   * Lets {@code namespace/pod} be bound through an API server whose etcd times out: every binding
   * of the pod is answered {@code 500} (so the caller, and fabric8's retries, cannot tell whether
   * it landed) until the returned future is completed. The first binding did land: it shows once
   * the future is completed (a slow etcd delays its watch event too), and from then on bindings of
   * the pod are answered as usual (409 "already assigned").
   */
  CompletableFuture<Void> allowAndLoseTheAnswer(String namespace, String pod) {
    CompletableFuture<Void> land = new CompletableFuture<>();
    answersLost.put(namespace + "/" + pod, land);
    allow(namespace, pod);
    return land;
  }

  /** Lets {@code namespace/pod} be bound through the API. */
  void allow(String namespace, String pod) {
    String path = "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/binding";
    Map<RecordedRequest, Integer> codes = Collections.synchronizedMap(new IdentityHashMap<>());
    server
        .expect()
        .post()
        .withPath(path)
        .andReply(
            new ResponseProvider<Object>() {
              private Headers headers = Headers.builder().build();

              @Override
              public int getStatusCode(RecordedRequest request) {
                return codes.computeIfAbsent(request, r -> decide(namespace, pod, r));
              }

              @Override
              public Object getBody(RecordedRequest request) {
                int code = codes.computeIfAbsent(request, r -> decide(namespace, pod, r));
                if (code == 500) {
                  return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                      + "\"code\":500,\"message\":\"etcdserver: request timed out\"}";
                }
                return code == 201
                    ? "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\",\"code\":201}"
                    : "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"reason\":\"Conflict\",\"code\":409,\"message\":\"Operation cannot be"
                        + " fulfilled on pods/binding \\\""
                        + pod
                        + "\\\": pod "
                        + pod
                        + " is already assigned to node \\\""
                        + boundTo.get(namespace + "/" + pod)
                        + "\\\"\"}";
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

  private int decide(String namespace, String pod, RecordedRequest request) {
    JsonNode binding = Harness.tree(request.getUtf8Body());
    String node = binding.at("/target/name").asText();
    Map<String, String> annotations = new java.util.HashMap<>();
    binding
        .at("/metadata/annotations")
        .fields()
        .forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
    received.add(new Received(pod, binding.at("/metadata/uid").asText(""), node, annotations));
    CompletableFuture<Void> lost = answersLost.get(namespace + "/" + pod);
    // Once the future is completed etcd is back, and bindings are answered as usual.
    CompletableFuture<Void> failing = lost != null && !lost.isDone() ? lost : null;
    if (boundTo.putIfAbsent(namespace + "/" + pod, node) != null) {
      return failing != null ? 500 : 409;
    }
    applier.execute(
        () -> {
          if (failing != null) {
            failing.orTimeout(10, TimeUnit.SECONDS).join();
          }
          StoreWrites.apply(() -> bindInStore(namespace, pod, node, annotations));
        });
    return failing != null ? 500 : 201;
  }

  private void bindInStore(
      String namespace, String pod, String node, Map<String, String> annotations) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(pod)
        .edit(
            p -> {
              p.getSpec().setNodeName(node);
              if (!annotations.isEmpty()) {
                if (p.getMetadata().getAnnotations() == null) {
                  p.getMetadata().setAnnotations(new java.util.HashMap<>());
                }
                p.getMetadata().getAnnotations().putAll(annotations);
              }
              return p;
            });
  }

  @Override
  public void close() {
    applier.shutdownNow();
  }
}

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
  final List<Received> received = new CopyOnWriteArrayList<>();

  ApiBindings(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
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
    if (boundTo.putIfAbsent(namespace + "/" + pod, node) != null) {
      return 409;
    }
    applier.execute(
        () ->
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
                    }));
    return 201;
  }

  @Override
  public void close() {
    applier.shutdownNow();
  }
}

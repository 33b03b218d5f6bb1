package io.muster.extender.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The JSON body of {@code POST pods/<name>/binding}, written field by field. A bind is the one API
 * write Muster makes per pod; building fabric8's {@code Binding} model and serializing it through
 * fabric8's mapper (its builder, and a property-writer delegate around every field) cost about 0.15
 * ms of CPU per bind in a profile under the real kube-scheduler, the body itself being a dozen
 * strings.
 */
public final class BindingBody {
  private static final JsonFactory JSON = new JsonFactory();

  private BindingBody() {}

  /**
   * A Binding of {@code pod} to {@code node}.
   *
   * @param uid the pod's uid, which the API server checks against the pod; empty: not sent
   * @param resourceVersion a precondition on the pod's resourceVersion; empty: not sent
   * @param annotations copied onto the pod by the API server with the binding; may be empty
   */
  public static String of(
      PodRef pod,
      String uid,
      String resourceVersion,
      String node,
      Map<String, String> annotations) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("apiVersion", "v1");
      g.writeStringField("kind", "Binding");
      g.writeObjectFieldStart("metadata");
      g.writeStringField("name", pod.name());
      g.writeStringField("namespace", pod.namespace());
      if (!uid.isEmpty()) {
        g.writeStringField("uid", uid);
      }
      if (!resourceVersion.isEmpty()) {
        g.writeStringField("resourceVersion", resourceVersion);
      }
      if (!annotations.isEmpty()) {
        g.writeObjectFieldStart("annotations");
        for (Map.Entry<String, String> a : annotations.entrySet()) {
          g.writeStringField(a.getKey(), a.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeObjectFieldStart("target");
      g.writeStringField("apiVersion", "v1");
      g.writeStringField("kind", "Node");
      g.writeStringField("name", node);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("a StringWriter does not fail", e);
    }
    return out.toString();
  }
}

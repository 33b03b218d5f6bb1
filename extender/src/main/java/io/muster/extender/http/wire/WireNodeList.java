package io.muster.extender.http.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A {@code v1.NodeList} whose items stay JSON trees: the extender needs only each node's name (its
 * own informer cache has the rest), and a filter reply must hand back the very Node objects
 * kube-scheduler sent. Decoding thousands of full Nodes into fabric8 models only to re-encode them
 * would cost time and heap for nothing.
 */
public record WireNodeList(@JsonProperty("items") List<ObjectNode> items) {}

/**
 * The kube-scheduler extender wire types ({@code k8s.io/kube-scheduler/extender/v1}) as Jackson
 * records. Go writes these structs without json tags, so the top-level keys are the PascalCase Go
 * field names, every key is always present, and nil is {@code null}; nested Kubernetes objects keep
 * their lowerCamel API JSON.
 */
package io.muster.extender.http.wire;

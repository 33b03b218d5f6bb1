/**
 * What the HTTP edge asks of the scheduling logic: plain records and asynchronous interfaces, so
 * that the routes can be tested against stubs and the implementation can persist to the API server
 * before it answers, without blocking an event loop. No Vert.x and no Jackson here; the fabric8
 * {@code Pod} appears because kube-scheduler sends one.
 */
package io.muster.extender.api;

package io.muster.loadtest.sim;

/**
 * The cluster at one sampled instant: CPU capacity, CPU requested by bound pods, CPU of the pods of
 * applications whose job is running (useful), in cores, and the number of drivers waiting for their
 * executors.
 */
public record UsageSample(
    double atSeconds,
    double capacityCores,
    double allocatedCores,
    double usefulCores,
    int driversWaiting) {}

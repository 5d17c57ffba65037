package io.profilesync.splitting;

import java.util.LinkedHashMap;
import java.util.Map;

import io.profilesync.batching.BatchCutter;
import io.profilesync.batching.BatchLimits;
import io.profilesync.batching.LimitCaps;
import io.profilesync.batching.OutboundItem;
import io.profilesync.mapping.CanonicalRow;
import io.profilesync.vendor.MappedRow;
import io.profilesync.vendor.VendorMapper;
import io.profilesync.vendor.Violation;

/** One vendor's path through a run: map, validate, batch, and count. */
final class VendorLane {

    private final String vendor;
    private final VendorMapper mapper;
    private final LimitCaps caps;
    private final BatchSink sink;
    private final Map<String, BatchCutter> cutters = new LinkedHashMap<>();
    private final Map<String, Long> items = new LinkedHashMap<>();
    private long rows;
    private long accepted;
    private long rejected;

    /** @param sink where batches go; it may be called from the lane's own thread */
    VendorLane(String vendor, VendorMapper mapper, LimitCaps caps, BatchSink sink) {
        this.vendor = vendor;
        this.mapper = mapper;
        this.caps = caps;
        this.sink = sink;
    }

    String vendor() {
        return vendor;
    }

    void accept(CanonicalRow row, RejectionSink rejections) {
        rows++;
        MappedRow mapped = mapper.map(row);
        if (!mapped.isAccepted()) {
            reject(rejections, row.line(), mapped.violations().toArray(Violation[]::new));
            return;
        }
        for (OutboundItem item : mapped.items()) {
            if (!cutter(item.stream()).fits(item)) {
                reject(rejections, row.line(), new Violation("*", "max_request_bytes", "this user alone is larger than the "
                        + cutter(item.stream()).limits().maxBytes() + "-byte request limit"));
                return;
            }
        }
        mapped.items().forEach(this::send);
        accepted++;
    }

    void rejectRecord(long line, String problem, RejectionSink rejections) {
        rows++;
        reject(rejections, line, new Violation("*", "record", problem));
    }

    private void reject(RejectionSink rejections, long line, Violation... violations) {
        rejected++;
        for (Violation violation : violations) {
            rejections.reject(new Rejection(line, vendor, violation.field(), violation.rule(), violation.message()));
        }
    }

    private void send(OutboundItem item) {
        cutter(item.stream()).add(item);
        items.merge(item.stream(), 1L, Long::sum);
    }

    private BatchCutter cutter(String stream) {
        return cutters.computeIfAbsent(stream, name -> {
            BatchLimits limits = caps.apply(vendor, mapper.format(name).limits());
            return new BatchCutter(name, new CappedFormat(mapper.format(name), limits), batch -> sink.write(vendor, batch));
        });
    }

    VendorSummary finish() {
        mapper.finish(this::send);
        cutters.values().forEach(BatchCutter::flush);
        Map<String, StreamSummary> streams = new LinkedHashMap<>();
        int batches = 0;
        for (Map.Entry<String, BatchCutter> cutter : cutters.entrySet()) {
            streams.put(cutter.getKey(), new StreamSummary(items.getOrDefault(cutter.getKey(), 0L), cutter.getValue().batches()));
            batches += cutter.getValue().batches();
        }
        return new VendorSummary(rows, accepted, rejected, batches, streams);
    }
}

package io.profilesync.splitting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.batching.OutboundItem;
import io.profilesync.destination.DestinationMapper;

/** A dry run's sample request bodies: the first few items a destination would be sent, per stream, as one request. */
final class Samples {

    static final int ITEMS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DestinationMapper mapper;
    private final Map<String, List<OutboundItem>> items = new LinkedHashMap<>();

    Samples(DestinationMapper mapper) {
        this.mapper = mapper;
    }

    void offer(OutboundItem item) {
        List<OutboundItem> sample = items.computeIfAbsent(item.stream(), stream -> new ArrayList<>());
        if (sample.size() < ITEMS && (sample.isEmpty() || Objects.equals(sample.get(0).shape(), item.shape()))) {
            sample.add(item);
        }
    }

    Map<String, JsonNode> bodies() {
        Map<String, JsonNode> bodies = new LinkedHashMap<>();
        items.forEach((stream, sample) -> {
            try {
                bodies.put(stream, JSON.readTree(mapper.format(stream).body(sample)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return bodies;
    }
}

package org.verbatim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.verbatim.event.EventRequest;
import org.verbatim.event.EventService;
import org.verbatim.speaker.SpeakerRequest;
import org.verbatim.speaker.SpeakerService;
import org.verbatim.statement.StatementRequest;
import org.verbatim.statement.StatementService;

/**
 * Loads the demo article (speakers, events and every statement quoted in it) into an empty database, through the
 * same services and validation as the API. In the demo file, id fields hold keys of the file's own records.
 */
@ApplicationScoped
public class DemoData {

    static final String RESOURCE = "demo/kyiv-post-rubio-antalya.json";
    private static final Logger LOG = Logger.getLogger(DemoData.class);

    private final boolean enabled;
    private final ObjectMapper mapper;
    private final Validator validator;
    private final EntityManager entityManager;
    private final SpeakerService speakers;
    private final EventService events;
    private final StatementService statements;

    public DemoData(@ConfigProperty(name = "verbatim.demo-data.enabled") boolean enabled, ObjectMapper mapper,
            Validator validator, EntityManager entityManager, SpeakerService speakers, EventService events,
            StatementService statements) {
        this.enabled = enabled;
        this.mapper = mapper;
        this.validator = validator;
        this.entityManager = entityManager;
        this.speakers = speakers;
        this.events = events;
        this.statements = statements;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(this::loadIfEmpty);
        } catch (RuntimeException e) {
            // Instances starting together on one empty database race to load it; one load is enough.
            if (QuarkusTransaction.requiringNew().call(this::stored) == 0) {
                throw e;
            }
            LOG.info("The demo data was loaded by another instance");
        }
    }

    private long stored() {
        return ((Number) entityManager.createNativeQuery(
                "select (select count(*) from speaker) + (select count(*) from event) + (select count(*) from statement)")
                .getSingleResult()).longValue();
    }

    private void loadIfEmpty() {
        if (stored() > 0) {
            return;
        }
        JsonNode demo = read();
        Map<String, String> ids = new HashMap<>();
        for (JsonNode node : demo.get("speakers")) {
            String key = ((ObjectNode) node).remove("key").asText();
            ids.put(key, speakers.create(valid(node, SpeakerRequest.class)).id());
        }
        for (JsonNode node : demo.get("events")) {
            String key = ((ObjectNode) node).remove("key").asText();
            resolve((ArrayNode) node.get("participantIds"), ids);
            ids.put(key, events.create(valid(node, EventRequest.class)).id());
        }
        for (JsonNode node : demo.get("statements")) {
            ObjectNode statement = (ObjectNode) node;
            for (String field : new String[] {"speakerId", "onBehalfOfId", "eventId"}) {
                if (statement.hasNonNull(field)) {
                    statement.put(field, ids.get(statement.get(field).asText()));
                }
            }
            statement.putArray("sources").add(demo.get("source").deepCopy());
            statements.create(valid(statement, StatementRequest.class));
        }
        LOG.infof("Loaded the demo data: %d speakers, %d events, %d statements", demo.get("speakers").size(),
                demo.get("events").size(), demo.get("statements").size());
    }

    private static void resolve(ArrayNode keys, Map<String, String> ids) {
        if (keys != null) {
            for (int i = 0; i < keys.size(); i++) {
                keys.set(i, TextNode.valueOf(ids.get(keys.get(i).asText())));
            }
        }
    }

    private <T> T valid(JsonNode node, Class<T> type) {
        try {
            T request = mapper.treeToValue(node, type);
            var violations = validator.validate(request);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
            return request;
        } catch (IOException e) {
            throw new UncheckedIOException("Invalid demo record " + node, e);
        }
    }

    private JsonNode read() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}

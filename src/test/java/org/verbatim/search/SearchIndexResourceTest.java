package org.verbatim.search;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.verbatim.TestData.*;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SearchIndexResourceTest {

    private static final String INDEX = "/api/v1/admin/search-index";

    @Inject
    SearchIndex index;

    @Inject
    SearchIndexer indexer;

    @BeforeEach
    void log() {
        logFailures();
    }

    @Test
    void onlyAdminsSeeOrRebuildTheIndex() {
        assertProblem(anonymous().get(INDEX), 401, "unauthorized");
        assertProblem(asEditor().get(INDEX), 403, "forbidden");
        assertProblem(asEditor().post(INDEX + "/rebuild"), 403, "forbidden");
    }

    @Test
    void aRebuildKeepsEveryStatementSearchable() throws InterruptedException {
        String word = "rebuildword" + suffix();
        Map<String, Object> body = statementBody(createPerson(), createEvent(), "2025-04-04");
        body.put("text", "Before the " + word);
        String id = createStatement(body);

        asAdmin().post(INDEX + "/rebuild").then().statusCode(202).body("lastRebuild.startedAt", notNullValue());
        for (int i = 0; i < 100; i++) {
            if (asAdmin().get(INDEX).then().statusCode(200).extract().path("lastRebuild.finishedAt") != null) {
                break;
            }
            Thread.sleep(100);
        }
        int indexed = asAdmin().get(INDEX).then().statusCode(200)
                .body("lastRebuild.finishedAt", notNullValue())
                .body("documents", greaterThanOrEqualTo(1))
                .extract().path("lastRebuild.indexed");
        assertTrue(indexed >= 1);
        anonymous().queryParam("q", word).get(STATEMENTS).then().statusCode(200).body("items.id", contains(id));
    }

    @Test
    void aRebuildRemovesWhatTheDatabaseNoLongerHolds() {
        StatementDocument orphan = new StatementDocument();
        orphan.id = "orphan-" + suffix();
        orphan.sortId = orphan.id;
        orphan.textEnglish = "orphanword" + suffix();
        index.apply(List.of(orphan), List.of());
        anonymous().queryParam("q", orphan.textEnglish).get(STATEMENTS).then().statusCode(200).body("total", equalTo(1));

        indexer.rebuild();
        anonymous().queryParam("q", orphan.textEnglish).get(STATEMENTS).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aRebuildLeavesDeletedStatementsOutAndARestoreBringsThemBack() {
        String word = "deletedword" + suffix();
        Map<String, Object> body = statementBody(createPerson(), createEvent(), "2025-04-04");
        body.put("text", "Before the " + word);
        String id = createStatement(body);
        asAdmin().delete(STATEMENTS + "/" + id).then().statusCode(204);
        anonymous().queryParam("q", word).get(STATEMENTS).then().statusCode(200).body("total", equalTo(0));

        // As if the index had missed the deletion.
        StatementDocument stale = new StatementDocument();
        stale.id = id;
        stale.sortId = id;
        stale.textEnglish = "Before the " + word;
        index.apply(List.of(stale), List.of());
        // The index finds it, but the database has it deleted: it is not shown.
        anonymous().queryParam("q", word).get(STATEMENTS).then().statusCode(200).body("total", equalTo(1))
                .body("items", empty());

        indexer.rebuild();
        anonymous().queryParam("q", word).get(STATEMENTS).then().statusCode(200).body("total", equalTo(0));

        asAdmin().post(STATEMENTS + "/" + id + "/restore").then().statusCode(200);
        anonymous().queryParam("q", word).get(STATEMENTS).then().statusCode(200).body("items.id", contains(id));
        indexer.rebuild();
        anonymous().queryParam("q", word).get(STATEMENTS).then().statusCode(200).body("items.id", contains(id));
    }
}

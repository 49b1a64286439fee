package org.verbatim.search;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.hibernate.search.engine.backend.types.Aggregable;
import org.hibernate.search.engine.backend.types.Highlightable;
import org.hibernate.search.engine.backend.types.Projectable;
import org.hibernate.search.engine.backend.types.Searchable;
import org.hibernate.search.engine.backend.types.Sortable;
import org.hibernate.search.engine.backend.types.TermVector;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.DocumentId;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.FullTextField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.GenericField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.Indexed;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.KeywordField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.SearchEntity;
import org.verbatim.statement.SourceDto;
import org.verbatim.statement.StatementResponse;

/**
 * What the index holds of a statement. The text goes to an English field or, for other languages, to a field with
 * a language-neutral analyzer; both are searched, so each statement is analysed the way its language needs.
 */
@SearchEntity(name = "Statement")
@Indexed(index = StatementDocument.INDEX)
public class StatementDocument {

    /** The index's name: the directory under the index root, or the remote index. */
    static final String INDEX = "statements";

    static final String TEXT_ENGLISH = "textEnglish";
    static final String TEXT_OTHER = "textOther";

    @DocumentId
    public String id;

    /** The id again, as a sortable field: the tiebreak that keeps pages stable. */
    @KeywordField(sortable = Sortable.YES)
    public String sortId;

    @FullTextField(analyzer = SearchAnalysis.ENGLISH, highlightable = {Highlightable.PLAIN, Highlightable.UNIFIED},
            termVector = TermVector.NO)
    public String textEnglish;

    @FullTextField(analyzer = SearchAnalysis.FOLDED, highlightable = {Highlightable.PLAIN, Highlightable.UNIFIED},
            termVector = TermVector.NO)
    public String textOther;

    /** Who said it and in what circumstances: found by a query, with less weight than the words themselves. */
    @FullTextField(analyzer = SearchAnalysis.FOLDED)
    public String about;

    @KeywordField(aggregable = Aggregable.YES)
    public String speakerId;

    @KeywordField(aggregable = Aggregable.YES)
    public String onBehalfOfId;

    @KeywordField(aggregable = Aggregable.YES)
    public String eventId;

    @KeywordField(aggregable = Aggregable.YES)
    public String kind;

    @KeywordField(aggregable = Aggregable.YES)
    public List<String> topics;

    @KeywordField(aggregable = Aggregable.YES)
    public List<String> publishers;

    @KeywordField(normalizer = SearchAnalysis.LOWERCASE)
    public List<String> publishersLower;

    @KeywordField(normalizer = SearchAnalysis.LOWERCASE)
    public String language;

    @GenericField(sortable = Sortable.YES, projectable = Projectable.NO)
    public LocalDate statedOn;

    @GenericField(aggregable = Aggregable.YES)
    public Integer year;

    @GenericField(sortable = Sortable.YES, projectable = Projectable.NO)
    public Integer sourceCount;

    @GenericField(sortable = Sortable.YES, projectable = Projectable.NO)
    public LocalDate firstPublishedOn;

    /**
     * The statement as the API shows it (JSON), so that a page of hits is answered from the index alone: read from
     * the embedded database instead, the 20 hits of a search took more than half of its time.
     */
    @GenericField(searchable = Searchable.NO, projectable = Projectable.YES)
    public String shown;

    /** A statement's document, from the statement as the API shows it and that same statement as JSON. */
    static StatementDocument of(StatementResponse statement, String shown) {
        StatementDocument doc = new StatementDocument();
        doc.id = statement.id();
        doc.sortId = statement.id();
        boolean english = statement.language().toLowerCase(Locale.ROOT).startsWith("en");
        doc.textEnglish = english ? statement.text() : null;
        doc.textOther = english ? null : statement.text();
        StringBuilder about = new StringBuilder(statement.speaker().name());
        if (statement.onBehalfOf() != null) {
            about.append('\n').append(statement.onBehalfOf().name());
        }
        if (statement.context() != null) {
            about.append('\n').append(statement.context());
        }
        about.append('\n').append(statement.event().name());
        doc.about = about.toString();
        doc.speakerId = statement.speakerId();
        doc.onBehalfOfId = statement.onBehalfOfId();
        doc.eventId = statement.eventId();
        doc.kind = statement.kind().name();
        doc.topics = statement.topics();
        doc.publishers = statement.sources().stream().map(SourceDto::publisher).distinct().toList();
        doc.publishersLower = doc.publishers;
        doc.language = statement.language();
        doc.statedOn = statement.statedOn();
        doc.year = statement.statedOn().getYear();
        doc.sourceCount = statement.sourceCount();
        doc.firstPublishedOn = statement.firstPublishedOn();
        doc.shown = shown;
        return doc;
    }
}

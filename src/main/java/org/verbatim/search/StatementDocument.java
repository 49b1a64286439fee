package org.verbatim.search;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.hibernate.search.engine.backend.types.Aggregable;
import org.hibernate.search.engine.backend.types.Highlightable;
import org.hibernate.search.engine.backend.types.Projectable;
import org.hibernate.search.engine.backend.types.Sortable;
import org.hibernate.search.engine.backend.types.TermVector;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.DocumentId;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.FullTextField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.GenericField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.Indexed;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.KeywordField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.SearchEntity;
import org.verbatim.statement.Source;
import org.verbatim.statement.Statement;

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

    static StatementDocument of(Statement statement) {
        StatementDocument doc = new StatementDocument();
        doc.id = statement.getId();
        doc.sortId = statement.getId();
        boolean english = statement.getLanguage().toLowerCase(Locale.ROOT).startsWith("en");
        doc.textEnglish = english ? statement.getText() : null;
        doc.textOther = english ? null : statement.getText();
        StringBuilder about = new StringBuilder(statement.getSpeaker().getName());
        if (statement.getOnBehalfOf() != null) {
            about.append('\n').append(statement.getOnBehalfOf().getName());
        }
        if (statement.getContext() != null) {
            about.append('\n').append(statement.getContext());
        }
        about.append('\n').append(statement.getEvent().getName());
        doc.about = about.toString();
        doc.speakerId = statement.getSpeaker().getId();
        doc.onBehalfOfId = statement.getOnBehalfOf() == null ? null : statement.getOnBehalfOf().getId();
        doc.eventId = statement.getEvent().getId();
        doc.kind = statement.getKind().name();
        doc.topics = List.copyOf(statement.getTopics());
        doc.publishers = statement.getSources().stream().map(Source::getPublisher).distinct().toList();
        doc.publishersLower = doc.publishers;
        doc.language = statement.getLanguage();
        doc.statedOn = statement.getStatedOn();
        doc.year = statement.getStatedOn().getYear();
        doc.sourceCount = statement.getSourceCount();
        doc.firstPublishedOn = statement.getFirstPublishedOn();
        return doc;
    }
}

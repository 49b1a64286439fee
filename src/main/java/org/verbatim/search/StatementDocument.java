package org.verbatim.search;

import java.time.LocalDate;
import java.util.ArrayList;
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

    /** A statement's document from its stored values; topics and publishers are added after. */
    static StatementDocument of(String id, String text, String kind, String language, String context,
            String speakerId, String speakerName, String onBehalfOfId, String onBehalfOfName, String eventId,
            String eventName, LocalDate statedOn, int sourceCount, LocalDate firstPublishedOn) {
        StatementDocument doc = new StatementDocument();
        doc.id = id;
        doc.sortId = id;
        boolean english = language.toLowerCase(Locale.ROOT).startsWith("en");
        doc.textEnglish = english ? text : null;
        doc.textOther = english ? null : text;
        StringBuilder about = new StringBuilder(speakerName);
        if (onBehalfOfName != null) {
            about.append('\n').append(onBehalfOfName);
        }
        if (context != null) {
            about.append('\n').append(context);
        }
        about.append('\n').append(eventName);
        doc.about = about.toString();
        doc.speakerId = speakerId;
        doc.onBehalfOfId = onBehalfOfId;
        doc.eventId = eventId;
        doc.kind = kind;
        doc.topics = new ArrayList<>();
        doc.publishers = new ArrayList<>();
        doc.publishersLower = doc.publishers;
        doc.language = language;
        doc.statedOn = statedOn;
        doc.year = statedOn.getYear();
        doc.sourceCount = sourceCount;
        doc.firstPublishedOn = firstPublishedOn;
        return doc;
    }
}

package org.verbatim.common.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.IllformedLocaleException;
import java.util.Locale;

/** A well-formed BCP 47 language tag with a known language, such as {@code en}, {@code uk} or {@code pt-BR}. */
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Retention(RUNTIME)
@Constraint(validatedBy = LanguageTag.Validator.class)
public @interface LanguageTag {

    String message() default "must be a BCP 47 language tag such as en, uk or pt-BR";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<LanguageTag, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || isValidTag(value);
        }

        public static boolean isValidTag(String value) {
            if (value.length() > 35) {
                return false;
            }
            try {
                Locale locale = new Locale.Builder().setLanguageTag(value).build();
                return !locale.getLanguage().isEmpty() && !locale.getISO3Language().isEmpty();
            } catch (IllformedLocaleException | java.util.MissingResourceException e) {
                return false;
            }
        }
    }
}

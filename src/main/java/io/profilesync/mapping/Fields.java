package io.profilesync.mapping;

import java.util.List;

/** The conventional column names the default mapping understands with zero configuration. */
public final class Fields {

    public static final String USER_ID = "user_id";
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    public static final String EMAIL_OPTIN = "email_optin";
    public static final String SMS_OPTIN = "sms_optin";
    public static final String WHATSAPP_OPTIN = "whatsapp_optin";
    public static final String GDPR_OPTIN = "gdpr_optin";
    public static final String FIRST_NAME = "first_name";
    public static final String LAST_NAME = "last_name";
    public static final String GENDER = "gender";
    public static final String BIRTHDAY = "birthday";
    public static final String AGE = "age";
    public static final String COUNTRY = "country";
    public static final String CITY = "city";
    public static final String LANGUAGE = "language";
    public static final String ACCOUNT_NAME = "account_name";

    public static final List<String> CONVENTIONAL = List.of(USER_ID, EMAIL, PHONE, EMAIL_OPTIN, SMS_OPTIN,
            WHATSAPP_OPTIN, GDPR_OPTIN, FIRST_NAME, LAST_NAME, GENDER, BIRTHDAY, AGE, COUNTRY, CITY, LANGUAGE,
            ACCOUNT_NAME);

    public static final List<String> OPT_INS = List.of(EMAIL_OPTIN, SMS_OPTIN, WHATSAPP_OPTIN, GDPR_OPTIN);

    private Fields() {
    }
}

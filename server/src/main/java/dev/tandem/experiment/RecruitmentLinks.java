package dev.tandem.experiment;

/**
 * The participant link of an experiment as each recruitment platform wants it. The participant
 * page forwards every query parameter into the session's recruitment record, where the
 * completion redirect ({@code completion.redirectUrl}) can use it as {@code {name}}.
 *
 * @param direct   {@code /run/{slug}}, for anyone
 * @param prolific Prolific replaces {@code {{%PROLIFIC_PID%}}}, {@code {{%STUDY_ID%}}} and
 *                 {@code {{%SESSION_ID%}}}; redirect with {@code https://app.prolific.com/submissions/complete?cc={code}}
 * @param mturk    the ExternalQuestion URL: MTurk itself appends {@code assignmentId}, {@code hitId},
 *                 {@code turkSubmitTo} and {@code workerId}; redirect with
 *                 {@code https://www.mturk.com/mturk/externalSubmit?assignmentId={assignmentId}&code={code}}
 * @param sona     SONA replaces {@code %SURVEY_CODE%}; redirect with the study's credit URL ending
 *                 in {@code &survey_code={survey_code}}
 */
public record RecruitmentLinks(String direct, String prolific, String mturk, String sona) {

    /** @param baseUrl scheme, host and any path prefix, e.g. {@code https://tandem.example.org} */
    public static RecruitmentLinks of(String baseUrl, String slug) {
        String run = baseUrl.replaceAll("/+$", "") + "/run/" + slug;
        return new RecruitmentLinks(run,
                run + "?PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID={{%STUDY_ID%}}&SESSION_ID={{%SESSION_ID%}}",
                run,
                run + "?survey_code=%SURVEY_CODE%");
    }
}

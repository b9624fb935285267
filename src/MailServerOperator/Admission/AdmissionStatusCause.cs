namespace MailServerOperator.Admission;

/// <summary>One field's problem, in the <c>metav1.StatusCause</c> shape.</summary>
internal sealed record AdmissionStatusCause(string Reason, string Message, string Field);

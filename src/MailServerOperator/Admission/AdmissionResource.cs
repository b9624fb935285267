namespace MailServerOperator.Admission;

/// <summary>The resource a request is for, as <c>group/version/resource</c>.</summary>
internal sealed record AdmissionResource(string? Group, string? Version, string? Resource);

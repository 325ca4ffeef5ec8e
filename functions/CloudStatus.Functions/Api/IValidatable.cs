namespace CloudStatus.Functions.Api;

/// <summary>An endpoint argument <see cref="ValidationFilter"/> checks before the handler runs.</summary>
internal interface IValidatable
{
    /// <summary>Errors by field name; empty when valid.</summary>
    IDictionary<string, string[]> Validate();
}

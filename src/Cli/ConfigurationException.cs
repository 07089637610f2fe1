namespace Pipeline.Cli;

/// <summary>Configuration or arguments that cannot work; the message says which key and what to write.</summary>
public sealed class ConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

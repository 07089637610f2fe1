namespace Pipeline.Cli;

/// <summary>Configuration or arguments that cannot work; the message says which key and what to write.</summary>
public sealed class ConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The report was written but could not be delivered (mailed); the message says where it is and why it was not sent.</summary>
public sealed class ReportDeliveryException(string message, Exception inner) : Exception(message, inner);

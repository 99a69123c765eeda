public enum B {}
